using Tensor = TorchSharp.torch.Tensor;

namespace Sparsh.Trainers.Tests.Onnx;

/// <summary>TorchSharp tensors as <see cref="OnnxRun"/> inputs and as flat values to compare.</summary>
internal static class OnnxTensors
{
    public static OnnxRun.Input Float(string name, Tensor tensor) =>
        new(name, Values(tensor), tensor.shape.Select(d => (int)d).ToArray());

    public static OnnxRun.Input Bool(string name, Tensor tensor) =>
        new(name, tensor.cpu().contiguous().data<bool>().ToArray(), tensor.shape.Select(d => (int)d).ToArray());

    public static float[] Values(Tensor tensor) => tensor.detach().cpu().contiguous().data<float>().ToArray();
}
