package io.mgd.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.apis.TestApi;
import io.mgd.core.checkpoint.CheckpointLoader;
import io.mgd.core.checkpoint.Checkpoints;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.nn.LoadResult;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cross-check A of issue 3: a checkpoint trained and saved by PyTorch
 * ({@code tools/golden/train_torch_reference.py}) for an mmcls-named model evaluates here, through
 * {@link TestApi} and the repository's config, to the top-1 PyTorch computed on the embedded test
 * split, with the same predicted label for (almost) every image.
 */
class TorchReferenceCheckpointTest {
    private static final String CONFIG = "configs/cls/resnet_cifar/resnet18_w8_fmnist_embedded.yaml";
    private static final String DATA = "data/embedded/fashion_mnist";

    /** The repository root: surefire runs in tools/, a user may run from the root. */
    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(DATA)) && Files.isRegularFile(p.resolve(CONFIG))) {
                return p;
            }
        }
        throw new IllegalStateException("no " + DATA + " above " + Path.of("").toAbsolutePath());
    }

    private static Path resource(String name) throws Exception {
        return Path.of(TorchReferenceCheckpointTest.class.getResource("torch_reference/" + name).toURI());
    }

    @Test
    void torchTrainedCheckpointLoadsStrictlyUnderMmclsKeys() throws Exception {
        Path root = repoRoot();
        ConfigDict model = Config.load(root.resolve(CONFIG), List.of()).dict().getDict("model");
        try (NDManager manager = NDManager.newBaseManager()) {
            Module m = new BuildContext(Registries.load(), manager).build(Registries.MODELS, model);
            var state = Checkpoints.stateDict(Checkpoints.load(resource("resnet18_cifar_w8_torch.pth")));
            assertEquals(m.stateDict().keySet(), state.keySet(), "same keys in the same order as the torch state_dict");
            LoadResult r = CheckpointLoader.loadState(m, state, true, "torch reference");
            assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty(), r.toString());
        }
    }

    @Test
    void evaluatesToTheAccuracyPyTorchComputed() throws Exception {
        Path root = repoRoot();
        JsonNode torch = new ObjectMapper().readTree(resource("resnet18_cifar_w8_torch.json").toFile());
        TestApi.TestResult r = TestApi.test(new TestApi.TestOptions(root.resolve(CONFIG),
                resource("resnet18_cifar_w8_torch.pth"), List.of("accuracy"), ConfigDict.of("topk", List.of(1L)), null,
                List.of("data.test.data_prefix=" + root.resolve(DATA))));
        double ours = ((Number) r.metrics().get("accuracy_top-1")).doubleValue();
        double theirs = torch.get("accuracy_top-1").asDouble();
        JsonNode torchLabels = torch.get("pred_label");
        assertEquals(torch.get("num_samples").asInt(), r.results().size());
        assertEquals(2000, r.results().size(), "the whole embedded test split");
        int same = 0;
        for (int i = 0; i < r.results().size(); i++) {
            float[] s = (float[]) r.results().get(i);
            int best = 0;
            for (int k = 1; k < s.length; k++) {
                if (s[k] > s[best]) {
                    best = k;
                }
            }
            same += best == torchLabels.get(i).asInt() ? 1 : 0;
        }
        assertEquals(theirs, ours, 0.05, "top-1 here vs in PyTorch");
        assertTrue(same >= Math.ceil(0.999 * r.results().size()),
                same + " of " + r.results().size() + " predicted labels agree with PyTorch");
        // a trained model, not a degenerate one whose labels agree trivially
        assertTrue(theirs > 50, "torch top-1 " + theirs);
    }
}
