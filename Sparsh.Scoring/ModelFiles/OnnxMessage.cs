namespace Sparsh.Scoring.ModelFiles;

/// <summary>The ONNX messages that can hold a tensor, directly or through a subgraph (field numbers in <see cref="OnnxModelGuard"/>).</summary>
internal enum OnnxMessage
{
    Model,
    Graph,
    Node,
    Attribute,
    Tensor,
    SparseTensor,
    Function,
    TrainingInfo,
}
