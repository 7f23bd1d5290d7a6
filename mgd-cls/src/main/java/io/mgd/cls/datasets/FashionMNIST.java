package io.mgd.cls.datasets;

import io.mgd.core.registry.BuildContext;
import java.util.List;

/** mmcls {@code FashionMNIST}: the MNIST file layout with the Fashion-MNIST class names. */
public final class FashionMNIST extends MNIST {
    /** The mmcls Fashion-MNIST class names. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public FashionMNIST(MNIST.Options o, BuildContext ctx) {
        super(o, ctx, CLASSES, "FashionMNIST");
    }
}
