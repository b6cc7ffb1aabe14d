namespace Sparsh.Scoring.ModelFiles;

/// <summary>One ONNX model stored inside an ML.NET model zip by an <c>OnnxTransformer</c> step.</summary>
/// <param name="Source">The zip and entry, as error messages name them (<c>model zip 'a.zip', entry 'TransformerChain/Transform_003/OnnxModel'</c>).</param>
/// <param name="Model">The ONNX model's bytes, exactly as the transformer was given them.</param>
public sealed record OnnxModelEntry(string Source, byte[] Model);
