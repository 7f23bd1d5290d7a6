package io.mgd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint sources resolve to local files or say exactly which file to put where. */
class CheckpointSourceTest {
    @TempDir
    Path cache;

    @Test
    void wellKnownNamesMapToTheirPublishedFileNames() {
        assertEquals("resnet18-f37072fd.pth", CheckpointSource.cacheFileName(
                "torchvision://resnet18"));
        assertEquals("resnet50-0676ba61.pth", CheckpointSource.cacheFileName(
                "torchvision://resnet50"));
        assertEquals("resnet18_v1c-b5776b93.pth", CheckpointSource.cacheFileName(
                "open-mmlab://resnet18_v1c"));
        assertEquals("resnet50_v1c-2cccc1ad.pth", CheckpointSource.cacheFileName(
                "open-mmlab://resnet50_v1c"));
        assertEquals("resnet101_v1c-e67eebb6.pth", CheckpointSource.cacheFileName(
                "open-mmlab://resnet101_v1c"));
        assertEquals("resnet50_batch256_imagenet_20200708-cfb998bf.pth",
                CheckpointSource.cacheFileName("mmcls://resnet50"));
        assertEquals("model.pth", CheckpointSource.cacheFileName(
                "https://example.com/a/model.pth?download=1"));
        assertNull(CheckpointSource.cacheFileName("/tmp/x.pth"));
    }

    @Test
    void unknownNamesUseTheNameAndPth() {
        assertEquals("vgg99.pth", CheckpointSource.cacheFileName("torchvision://vgg99"));
        assertEquals("thing.pth", CheckpointSource.cacheFileName("open-mmlab://lab/thing"));
    }

    @Test
    void cachedFilesResolveWithoutNetwork() throws IOException {
        Path f = Files.createFile(cache.resolve("resnet50-0676ba61.pth"));
        assertEquals(f, CheckpointSource.resolve("torchvision://resnet50", cache, false));
    }

    @Test
    void missingCacheEntrySaysWhichFileToPlaceWhere() {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> CheckpointSource.resolve("open-mmlab://resnet50_v1c", cache, false));
        assertTrue(e.getMessage().contains("resnet50_v1c-2cccc1ad.pth"), e.getMessage());
        assertTrue(e.getMessage().contains(cache.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("https://download.openmmlab.com/pretrain/third_party/"
                + "resnet50_v1c-2cccc1ad.pth"), e.getMessage());
    }

    @Test
    void unreachableServerFailsFastWithTheSameAdvice() {
        // port 9 (discard) on loopback is closed here: connection refused at once
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> CheckpointSource.resolve("http://127.0.0.1:9/ckpt/epoch_12.pth", cache,
                        true));
        assertTrue(e.getMessage().contains("download from http://127.0.0.1:9/ckpt/epoch_12.pth "
                + "failed"), e.getMessage());
        assertTrue(e.getMessage().contains("Place the file epoch_12.pth in " + cache), e.getMessage());
    }

    @Test
    void localPathsMustExist() throws IOException {
        Path f = Files.createFile(cache.resolve("mine.pth"));
        assertEquals(f, CheckpointSource.resolve(f.toString(), cache, false));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> CheckpointSource.resolve(cache.resolve("nope.pth").toString(), cache, false));
        assertTrue(e.getMessage().contains("nope.pth"), e.getMessage());
    }

    @Test
    void defaultCacheIsUnderMgdHome() {
        Path dir = CheckpointSource.defaultCacheDir();
        assertEquals("checkpoints", dir.getFileName().toString());
        String home = System.getenv(CheckpointSource.HOME_ENV);
        Path expected = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".cache", "mgd");
        assertEquals(expected.resolve("checkpoints"), dir);
    }
}
