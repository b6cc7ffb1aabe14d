using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.OnnxImport;

/// <summary>
/// Back from a deployed ML.NET model zip to training: rebuilds the trainable encoder or decoder from the ONNX graph
/// that holds it (docs/deployment.md, "Back to training"). The zip may hold other graphs (data steps, the decoder); the
/// module is found by the configuration its export stores in the graph's metadata.
/// </summary>
public static class SparshModelZip
{
    /// <summary>The Sparsh-skin encoder of a saved model zip (e.g. a raw-window-to-force chain), with identical weights.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a model zip, holds no encoder graph or more than one; the message names the file.</exception>
    public static SparshSkinEncoder ReadEncoder(string zipPath) =>
        OnnxModuleImport.ReadEncoder(Single(zipPath, OnnxParameters.EncoderOwner, "Sparsh-skin encoder"));

    /// <summary>The instantaneous decoder of a saved model zip (Frozen, FineTune or EndToEnd), with identical weights.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a model zip, holds no decoder graph or more than one; the message names the file.</exception>
    public static InstantaneousDecoder ReadDecoder(string zipPath) =>
        OnnxModuleImport.ReadDecoder(Single(zipPath, OnnxParameters.DecoderOwner, "instantaneous decoder"));

    private static OnnxModelContents Single(string zipPath, string owner, string what)
    {
        var models = OnnxModelZip.ReadModels(zipPath);
        var holding = models.Where(m => OnnxModuleImport.Holds(m, owner)).ToList();
        return holding.Count switch
        {
            1 => holding[0],
            0 when models.Count == 0 => throw new InvalidDataException(
                $"Model zip '{zipPath}' holds no {what} graph: it has no ONNX models at all (no OnnxTransformer steps)."),
            0 => throw new InvalidDataException(
                $"Model zip '{zipPath}' holds no {what} graph: none of its {models.Count} ONNX models (graphs " +
                $"{string.Join(", ", models.Select(m => $"'{m.GraphName}'"))}) carries '{OnnxParameters.ConfigKey(owner)}' metadata."),
            _ => throw new InvalidDataException(
                $"Model zip '{zipPath}' holds {holding.Count} graphs with a {what} ({string.Join(", ", holding.Select(m => m.Source))}); " +
                "read the one you mean with OnnxModuleImport and OnnxModelZip.ReadModels."),
        };
    }
}
