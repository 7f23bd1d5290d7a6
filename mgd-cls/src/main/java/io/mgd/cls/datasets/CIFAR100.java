package io.mgd.cls.datasets;

import io.mgd.core.registry.BuildContext;
import java.util.List;

/**
 * mmcls {@code CIFAR100}: like {@link CIFAR10} with {@code cifar-100-python/{train,test,meta}}
 * (fine labels, {@code fine_label_names}) or {@code cifar-100-binary/{train,test}.bin} and
 * {@code fine_label_names.txt}.
 */
public final class CIFAR100 extends CIFAR10 {
    static final Layout LAYOUT = new Layout("CIFAR100", "cifar-100-python", List.of("train"), List.of("test"), "meta",
            "fine_label_names", "cifar-100-binary", List.of("train.bin"), List.of("test.bin"), "fine_label_names.txt", 2);

    public CIFAR100(Options o, BuildContext ctx) {
        super(o, ctx, LAYOUT);
    }
}
