/**
 * PyTorch checkpoint files without Python: a pickle reader and writer limited to what
 * {@code torch.save} emits, the zip ({@code torch >= 1.6}) and legacy container formats, the
 * neutral tensor value {@link io.mgd.core.checkpoint.TensorData}, the mmcv checkpoint layout
 * ({@link io.mgd.core.checkpoint.Checkpoints}) and checkpoint sources such as
 * {@code torchvision://resnet50} ({@link io.mgd.core.checkpoint.CheckpointSource}).
 *
 * <h2>Python values in Java</h2>
 *
 * <table>
 *   <caption>How unpickled values are represented</caption>
 *   <tr><th>Python</th><th>Java</th></tr>
 *   <tr><td>None, bool, str</td><td>{@code null}, {@link java.lang.Boolean}, {@link
 *       java.lang.String}</td></tr>
 *   <tr><td>int</td><td>{@link java.lang.Long}, or {@link java.math.BigInteger} beyond 64
 *       bits</td></tr>
 *   <tr><td>float</td><td>{@link java.lang.Double}</td></tr>
 *   <tr><td>bytes, bytearray</td><td>{@code byte[]} (written back as bytes)</td></tr>
 *   <tr><td>list; tuple</td><td>{@link java.util.ArrayList}; {@link
 *       io.mgd.core.config.Tuple}</td></tr>
 *   <tr><td>dict (also collections.defaultdict); set, frozenset</td><td>{@link
 *       java.util.LinkedHashMap}; {@link java.util.LinkedHashSet} (written back as dict and
 *       set)</td></tr>
 *   <tr><td>collections.OrderedDict</td><td>{@link io.mgd.core.checkpoint.PyOrderedDict}
 *       (keeps attributes such as {@code _metadata})</td></tr>
 *   <tr><td>torch.Tensor, nn.Parameter, a storage</td><td>{@link
 *       io.mgd.core.checkpoint.TensorData}, contiguous (views are copied out of their storage;
 *       a storage becomes a 1-D tensor); written back as a plain tensor with
 *       {@code requires_grad=False}, like a state dict</td></tr>
 *   <tr><td>any other class (numpy scalars and arrays, torch.Size, ...)</td><td>a placeholder
 *       {@link io.mgd.core.checkpoint.PyObject} carrying the class name, constructor arguments
 *       and state; a bare class reference is a {@link io.mgd.core.checkpoint.PyGlobal}</td></tr>
 * </table>
 *
 * <p>Nothing is ever executed or loaded by class name: placeholders are inert data, written back
 * unchanged by the writer so that a checkpoint's foreign meta survives a load-modify-save cycle.
 *
 * <p>Limits: one tensor or zip record holds at most 2 GiB; legacy-format files at most 2 GiB
 * in all; whole pickled {@code nn.Module} objects (persistent id {@code 'module'}),
 * TorchScript archives, compressed zip records, complex and quantized dtypes are refused with
 * a {@link io.mgd.core.checkpoint.CheckpointException}.
 */
package io.mgd.core.checkpoint;
