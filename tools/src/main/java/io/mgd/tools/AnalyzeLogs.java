package io.mgd.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.util.MgdException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tools/analyze_logs}: mmcv/mmcls {@code analyze_logs.py} over our {@code .log.json}
 * files — {@code plot_curve} draws chosen keys against iterations into a PNG,
 * {@code cal_train_time} prints per-iteration time statistics.
 */
@Command(name = "analyze_logs", mixinStandardHelpOptions = true,
        description = "Analyse .log.json training logs: plot_curve | cal_train_time")
public final class AnalyzeLogs implements Callable<Integer> {
    @Parameters(index = "0", description = "task: plot_curve or cal_train_time")
    String task;

    @Parameters(index = "1..*", arity = "1..*", description = "one or more .log.json files")
    List<Path> logs;

    @Option(names = "--keys", arity = "1..*", defaultValue = "loss", description = "log keys to plot (default: loss)")
    List<String> keys;

    @Option(names = "--legend", arity = "1..*", description = "legend entries, one per log x key")
    List<String> legend;

    @Option(names = "--title", description = "plot title")
    String title;

    @Option(names = {"--out", "--output"}, description = "output PNG (required for plot_curve)")
    Path out;

    @Option(names = "--mode", defaultValue = "train", description = "which lines to read: train or val")
    String mode;

    @Override
    public Integer call() throws IOException {
        List<LogSeries> all = new ArrayList<>();
        for (Path log : logs) {
            all.add(LogSeries.read(log, mode));
        }
        switch (task) {
            case "plot_curve" -> plot(all);
            case "cal_train_time" -> trainTime(all);
            default -> throw new io.mgd.core.config.ConfigException("analyze_logs: unknown task '" + task
                    + "'; expected plot_curve or cal_train_time");
        }
        return 0;
    }

    private void plot(List<LogSeries> all) throws IOException {
        if (out == null) {
            throw new io.mgd.core.config.ConfigException("analyze_logs plot_curve: --out FILE.png is required");
        }
        int expected = all.size() * keys.size();
        if (legend != null && legend.size() != expected) {
            throw new io.mgd.core.config.ConfigException("analyze_logs: --legend needs " + expected
                    + " entries (logs x keys), got " + legend.size());
        }
        XYChart chart = new XYChartBuilder().width(960).height(540)
                .title(title == null ? String.join(", ", keys) : title)
                .xAxisTitle("iter").yAxisTitle(keys.size() == 1 ? keys.get(0) : "value").build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        int n = 0;
        for (LogSeries s : all) {
            for (String key : keys) {
                List<double[]> pts = s.points(key);
                if (pts.isEmpty()) {
                    throw new io.mgd.core.config.ConfigException(s.path() + " has no '" + key + "' in "
                            + mode + " lines; available keys are " + s.keys());
                }
                double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
                double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
                String name = legend != null ? legend.get(n)
                        : (all.size() > 1 ? s.path().getFileName() + " " : "") + key;
                XYSeries series = chart.addSeries(name, x, y);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineStyle(new BasicStroke(1.5f));
                n++;
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String base = out.toString().endsWith(".png") ? out.toString().substring(0, out.toString().length() - 4)
                : out.toString();
        BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
        System.out.println("save curve to: " + base + ".png");
    }

    private static void trainTime(List<LogSeries> all) {
        for (LogSeries s : all) {
            System.out.println("-----Analyze train time of " + s.path() + "-----");
            Map<Long, List<Double>> byEpoch = s.timesByEpoch();
            if (byEpoch.isEmpty()) {
                System.out.println("no 'time' entries");
                continue;
            }
            double slowest = -1;
            double fastest = Double.MAX_VALUE;
            long slowE = 0;
            long fastE = 0;
            List<Double> all1 = new ArrayList<>();
            for (Map.Entry<Long, List<Double>> e : byEpoch.entrySet()) {
                double mean = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(0);
                all1.addAll(e.getValue());
                if (mean > slowest) {
                    slowest = mean;
                    slowE = e.getKey();
                }
                if (mean < fastest) {
                    fastest = mean;
                    fastE = e.getKey();
                }
            }
            double mean = all1.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double var = all1.stream().mapToDouble(t -> (t - mean) * (t - mean)).average().orElse(0);
            System.out.printf("slowest epoch %d, average time is %.4f%n", slowE, slowest);
            System.out.printf("fastest epoch %d, average time is %.4f%n", fastE, fastest);
            System.out.printf("time std over epochs is %.4f%n", Math.sqrt(var));
            System.out.printf("average iter time: %.4f s/iter%n", mean);
        }
    }

    /** The train or val lines of one {@code .log.json}, with a global iteration index. */
    record LogSeries(Path path, List<JsonNode> lines, Map<Long, Long> itersPerEpoch) {
        static LogSeries read(Path path, String mode) throws IOException {
            if (!Files.isRegularFile(path)) {
                throw new MgdException("log file not found: " + path);
            }
            ObjectMapper mapper = new ObjectMapper();
            List<JsonNode> lines = new ArrayList<>();
            Map<Long, Long> maxIter = new LinkedHashMap<>();
            int lineNo = 0;
            for (String line : Files.readAllLines(path)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = mapper.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new MgdException(path + ":" + lineNo + ": not a JSON line: " + e.getOriginalMessage());
                }
                if (!node.has("mode")) {
                    continue; // the first line holds the run's meta
                }
                if ("train".equals(node.get("mode").asText())) {
                    maxIter.merge(node.path("epoch").asLong(1), node.path("iter").asLong(), Math::max);
                }
                if (mode.equals(node.get("mode").asText())) {
                    lines.add(node);
                }
            }
            return new LogSeries(path, lines, maxIter);
        }

        List<double[]> points(String key) {
            List<double[]> pts = new ArrayList<>();
            for (JsonNode n : lines) {
                if (n.has(key) && n.get(key).isNumber()) {
                    pts.add(new double[] {globalIter(n), n.get(key).asDouble()});
                }
            }
            return pts;
        }

        /** Iteration counted from the start of the run (by-epoch logs restart iter each epoch). */
        private double globalIter(JsonNode n) {
            long epoch = n.path("epoch").asLong(1);
            long offset = 0;
            for (Map.Entry<Long, Long> e : itersPerEpoch.entrySet()) {
                if (e.getKey() < epoch) {
                    offset += e.getValue();
                }
            }
            return offset + n.path("iter").asLong();
        }

        List<String> keys() {
            List<String> k = new ArrayList<>();
            lines.stream().findFirst().ifPresent(n -> n.fieldNames().forEachRemaining(k::add));
            return k;
        }

        Map<Long, List<Double>> timesByEpoch() {
            Map<Long, List<Double>> m = new LinkedHashMap<>();
            for (JsonNode n : lines) {
                if (n.has("time")) {
                    m.computeIfAbsent(n.path("epoch").asLong(1), e -> new ArrayList<>()).add(n.get("time").asDouble());
                }
            }
            return m;
        }
    }
}
