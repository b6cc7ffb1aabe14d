namespace Sparsh.Trainers.Onnx;

/// <summary>How a state-dict entry's values are laid out in its ONNX initializer.</summary>
internal enum ParameterLayout
{
    /// <summary>The entry's own shape and row-major order.</summary>
    AsStored,

    /// <summary>A matrix [rows, columns] stored transposed as [columns, rows]: <c>nn.Linear</c> weights, which MatMul reads as [in, out].</summary>
    Transposed,
}
