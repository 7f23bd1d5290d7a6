package io.mgd.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.config.ConfigException;
import io.mgd.core.util.MgdException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tools/analysis/aggregate_results DIR [--key accuracy_top-1] [--exclude NAME ...] [--out
 * FILE.md] [--sweep DIR --plot FILE.png]}: collects the {@code tools/test --out} JSON files
 * ({@code test.json}) under DIR into a table of mean ± sample standard deviation per run, where a
 * run is the directory holding {@code seed<N>/test.json} (or a single {@code test.json}). With
 * {@code --sweep}, {@code DIR/<series>/lambda_<x>/test.json} become one curve per series, plotted
 * with XChart like {@code analyze_logs plot_curve}.
 */
@Command(name = "analysis/aggregate_results", mixinStandardHelpOptions = true,
        description = "Mean ± std tables of tools/test results over seeds, and a lambda-sweep plot.")
public final class AggregateResults implements Callable<Integer> {
    private static final Pattern SEED = Pattern.compile("seed(\\d+)");
    private static final Pattern LAMBDA = Pattern.compile("lambda_([0-9.]+)");

    @Parameters(index = "0", paramLabel = "DIR", description = "directory searched for test.json files")
    Path dir;

    @Option(names = "--key", defaultValue = "accuracy_top-1", description = "metric key (default accuracy_top-1)")
    String key;

    @Option(names = "--exclude", arity = "1..*", description = "sub-directories of DIR to leave out of the table")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--out", description = "also write the tables (Markdown) to this file")
    Path out;

    @Option(names = "--sweep", description = "sweep directory: <series>/lambda_<x>/test.json")
    Path sweep;

    @Option(names = "--plot", description = "PNG of the sweep (needs --sweep)")
    Path plot;

    @Option(names = "--cosine", description = "also tabulate an analysis/visualize_features attention_cosine.json, "
            + "grouping labels <run>/seed<N>; repeatable")
    List<Path> cosine = new ArrayList<>();

    /** Mean and sample standard deviation (n − 1; 0 for one value) of some values. */
    record Stats(int n, double mean, double std) {
        static Stats of(List<Double> v) {
            double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
            return new Stats(v.size(), mean, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("aggregate_results: '" + dir + "' is not a directory");
        }
        if (plot != null && sweep == null) {
            throw new ConfigException("aggregate_results: --plot needs --sweep DIR");
        }
        StringBuilder md = new StringBuilder();
        md.append(table());
        if (sweep != null) {
            md.append('\n').append(sweepTable());
        }
        for (Path c : cosine) {
            md.append('\n').append(cosineTable(c));
        }
        System.out.print(md);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, md.toString());
            System.err.println("saved " + out);
        }
        return 0;
    }

    private String table() throws IOException {
        Map<String, List<Double>> byRun = new TreeMap<>();
        Map<String, List<String>> seeds = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.getFileName().toString().equals("test.json")).sorted().toList();
        }
        for (Path f : files) {
            Path rel = dir.relativize(f.getParent());
            if (rel.getNameCount() > 0 && exclude.contains(rel.getName(0).toString())) {
                continue;
            }
            Matcher m = SEED.matcher(rel.getFileName() == null ? "" : rel.getFileName().toString());
            boolean seeded = m.matches() && rel.getNameCount() > 1;
            String run = seeded ? rel.getParent().toString() : rel.toString();
            byRun.computeIfAbsent(run, r -> new ArrayList<>()).add(metric(f));
            seeds.computeIfAbsent(run, r -> new ArrayList<>()).add(seeded ? m.group(1) : "-");
        }
        if (byRun.isEmpty()) {
            throw new MgdException("aggregate_results: no test.json under " + dir);
        }
        StringBuilder t = new StringBuilder("| run | n | " + key + " mean ± std | per seed |\n|---|---|---|---|\n");
        byRun.forEach((run, v) -> {
            Stats st = Stats.of(v);
            List<String> per = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                per.add(seeds.get(run).get(i) + ": " + fmt(v.get(i)));
            }
            t.append(String.format(Locale.ROOT, "| %s | %d | %.2f ± %.2f | %s |%n", run, st.n(), st.mean(), st.std(),
                    String.join(", ", per)));
        });
        return t.toString();
    }

    private String sweepTable() throws IOException {
        Map<String, TreeMap<Double, Double>> series = new TreeMap<>();
        try (Stream<Path> names = Files.list(sweep)) {
            for (Path s : names.filter(Files::isDirectory).sorted().toList()) {
                TreeMap<Double, Double> pts = new TreeMap<>();
                try (Stream<Path> points = Files.list(s)) {
                    for (Path p : points.sorted().toList()) {
                        Matcher m = LAMBDA.matcher(p.getFileName().toString());
                        if (m.matches() && Files.isRegularFile(p.resolve("test.json"))) {
                            pts.put(Double.parseDouble(m.group(1)), metric(p.resolve("test.json")));
                        }
                    }
                }
                if (!pts.isEmpty()) {
                    series.put(s.getFileName().toString(), pts);
                }
            }
        }
        if (series.isEmpty()) {
            throw new MgdException("aggregate_results: no <series>/lambda_<x>/test.json under " + sweep);
        }
        StringBuilder t = new StringBuilder("| series | λ: " + key + " |\n|---|---|\n");
        series.forEach((name, pts) -> {
            List<String> cells = new ArrayList<>();
            pts.forEach((x, y) -> cells.add(String.format(Locale.ROOT, "%.2f: %s", x, fmt(y))));
            t.append("| ").append(name).append(" | ").append(String.join(", ", cells)).append(" |\n");
        });
        if (plot != null) {
            plot(series);
        }
        return t.toString();
    }

    private void plot(Map<String, TreeMap<Double, Double>> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(720).height(450).title("MGD mask ratio sweep")
                .xAxisTitle("lambda_mgd (masked ratio)").yAxisTitle(key + " (%)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Map.Entry<String, TreeMap<Double, Double>> e : series.entrySet()) {
            double[] x = e.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
            XYSeries s = chart.addSeries(e.getKey() + " mask", x, y);
            s.setLineStyle(new BasicStroke(1.5f));
        }
        Path parent = plot.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String base = plot.toString().endsWith(".png") ? plot.toString().substring(0, plot.toString().length() - 4)
                : plot.toString();
        BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
        System.err.println("saved " + base + ".png");
    }

    private static String cosineTable(Path cosine) throws IOException {
        if (!Files.isRegularFile(cosine)) {
            throw new ConfigException("aggregate_results: --cosine file '" + cosine + "' not found");
        }
        JsonNode j = new ObjectMapper().readTree(cosine.toFile());
        Map<String, List<Double>> byRun = new java.util.LinkedHashMap<>();
        for (JsonNode row : j.path("checkpoints")) {
            String label = row.path("label").asText();
            int cut = label.lastIndexOf('/');
            String run = cut > 0 && SEED.matcher(label.substring(cut + 1)).matches() ? label.substring(0, cut) : label;
            byRun.computeIfAbsent(run, r -> new ArrayList<>()).add(row.path("mean_cosine").asDouble());
        }
        StringBuilder t = new StringBuilder("| checkpoint | n | mean cosine to " + j.path("reference").asText() + " ("
                + j.path("layer").asText() + ", " + j.path("num_images").asInt() + " " + j.path("split").asText()
                + " images) |\n|---|---|---|\n");
        byRun.forEach((run, v) -> {
            Stats st = Stats.of(v);
            t.append(String.format(Locale.ROOT, "| %s | %d | %.4f ± %.4f |%n", run, st.n(), st.mean(), st.std()));
        });
        return t.toString();
    }

    private double metric(Path file) throws IOException {
        JsonNode n = new ObjectMapper().readTree(file.toFile()).get(key);
        if (n == null || !n.isNumber()) {
            throw new MgdException(file + " has no numeric '" + key + "'");
        }
        return n.asDouble();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
