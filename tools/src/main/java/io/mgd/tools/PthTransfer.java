package io.mgd.tools;

import io.mgd.core.checkpoint.Checkpoints;
import io.mgd.core.checkpoint.PthFiles;
import io.mgd.core.checkpoint.PyOrderedDict;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tools/pth_transfer --mgd_path IN --output_path OUT}: the reference's {@code pth_transfer.py}
 * — keeps the {@code student.} keys (prefix stripped), drops the optimizer, keeps meta.
 */
@Command(name = "pth_transfer", mixinStandardHelpOptions = true,
        description = "Turn a distiller checkpoint into a plain student checkpoint.")
public final class PthTransfer implements Callable<Integer> {
    @Option(names = {"--mgd_path", "--mgd-path"}, required = true, description = "distiller checkpoint")
    Path in;

    @Option(names = {"--output_path", "--output-path"}, required = true, description = "student checkpoint to write")
    Path out;

    @Override
    public Integer call() {
        Map<String, Object> ckpt = Checkpoints.load(in);
        int kept = transfer(ckpt);
        PthFiles.write(out, ckpt);
        System.err.println("kept " + kept + " student tensors; wrote " + out);
        return 0;
    }

    /** Rewrites a loaded checkpoint in place; returns the number of student keys kept. */
    static int transfer(Map<String, Object> ckpt) {
        if (!(ckpt.get("state_dict") instanceof Map<?, ?> sd)) {
            throw new MgdException("the checkpoint has no state_dict: is it an mmcv checkpoint?");
        }
        PyOrderedDict student = new PyOrderedDict();
        sd.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.startsWith("student.")) {
                student.put(key.substring("student.".length()), v);
            }
        });
        if (student.isEmpty()) {
            throw new MgdException("the checkpoint has no 'student.' keys: it is not a distiller checkpoint");
        }
        ckpt.put("state_dict", student);
        ckpt.remove("optimizer");
        return student.size();
    }
}
