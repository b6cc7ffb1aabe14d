namespace Sparsh.Transforms.Onnx;

/// <summary>Tensor element types the Sparsh ONNX writer uses; values are the ONNX <c>TensorProto.DataType</c> codes.</summary>
public enum OnnxElementType
{
    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>64-bit signed integer (shapes, indices, axes).</summary>
    Int64 = 7,

    /// <summary>Boolean (masks).</summary>
    Bool = 9,
}
