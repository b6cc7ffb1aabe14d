using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Sparsh.Transforms.Core;

/// <summary>
/// Writes progress to <see cref="MLContext.Log"/> (through ML.NET's own channel, so users filter it like
/// any ML.NET message) and to an optional <see cref="IProgress{T}"/>.
/// </summary>
internal sealed class TrainingLog<TProgress> : IDisposable
{
    private readonly IChannel _channel;
    private readonly IProgress<TProgress>? _progress;

    /// <summary>Opens a log named after the component.</summary>
    public TrainingLog(MLContext mlContext, string component, IProgress<TProgress>? progress)
    {
        _channel = ((IHostEnvironment)mlContext).Register(component).Start(component);
        _progress = progress;
    }

    /// <summary>Logs a message at Info level.</summary>
    public void Info(string message) => _channel.Info(MessageSensitivity.None, "{0}", message);

    /// <summary>Logs a message and reports a progress value.</summary>
    public void Report(TProgress value, string message)
    {
        Info(message);
        _progress?.Report(value);
    }

    /// <inheritdoc/>
    public void Dispose() => _channel.Dispose();
}
