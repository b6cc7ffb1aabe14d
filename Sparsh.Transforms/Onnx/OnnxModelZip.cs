using Sparsh.Scoring.ModelFiles;

namespace Sparsh.Transforms.Onnx;

/// <summary>
/// Reads the ONNX graphs inside an ML.NET model zip (each as ML.NET's <c>OnnxTransformer</c> stored it, see
/// <see cref="ModelZip"/>), refusing any graph that would read data from outside the zip.
/// </summary>
internal static class OnnxModelZip
{
    /// <summary>Every ONNX model in the zip, in entry order, each with its zip and entry as <see cref="OnnxModelContents.Source"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a zip, or an ONNX entry is truncated, not an ONNX model, or keeps tensor data outside the model.
    /// </exception>
    public static IReadOnlyList<OnnxModelContents> ReadModels(string zipPath) =>
        ModelZip.ReadOnnxModels(zipPath).Select(entry => OnnxModelContents.ParseVerified(entry.Model, entry.Source)).ToList();
}
