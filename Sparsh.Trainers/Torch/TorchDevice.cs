using TorchSharp;

namespace Sparsh.Trainers.Torch;

/// <summary>Where and how TorchSharp runs: device, CPU threads and seed.</summary>
public static class TorchDevice
{
    /// <summary>
    /// Resolves a device name ("cpu", "cuda", "cuda:1" or "auto" = CUDA when available) and applies the
    /// CPU thread count (0 keeps libtorch's default). Throws naming the device if it is unavailable.
    /// </summary>
    public static torch.Device Resolve(string device, int cpuThreads)
    {
        if (cpuThreads > 0) torch.set_num_threads(cpuThreads);
        string name = device.Trim().ToLowerInvariant();
        if (name == "auto") return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (name.StartsWith("cuda", StringComparison.Ordinal) && !torch.cuda.is_available())
            throw new NotSupportedException(
                $"Device '{device}' was requested but CUDA is not available: this build references the CPU libtorch. " +
                "Reference a CUDA libtorch package (e.g. libtorch-cuda-12.8-linux-x64) to train on a GPU, or use device 'cpu'.");
        return new torch.Device(name);
    }
}
