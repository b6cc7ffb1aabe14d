using Sparsh.Trainers.Torch;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>The autograd node of <see cref="SoftTargetCrossEntropy"/>: forward and backward row kernels.</summary>
internal sealed class SoftTargetCrossEntropyFunction : autograd.SingleTensorFunction<SoftTargetCrossEntropyFunction>
{
    /// <inheritdoc/>
    public override string Name => nameof(SoftTargetCrossEntropy);

    /// <summary>vars: logits [N, K], targets [M, K], <see cref="SoftTargetPairs"/>, temperature (double).</summary>
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (logits, targets, pairs, temperature) = ((Tensor)vars[0], (Tensor)vars[1], (SoftTargetPairs)vars[2], (double)vars[3]);
        int rows = (int)logits.shape[0], width = (int)logits.shape[1];
        IntPtr z = FloatRows.Address(logits, "logits"), p = FloatRows.Address(targets, "targets");
        var (start, order) = pairs.ByLogitRow(rows);
        float scale = (float)(1 / temperature);
        var logSumExp = new float[rows];
        var targetSum = new float[pairs.Count];
        var contribution = new double[pairs.Count];
        FloatRows.For(rows, width, (first, end, scratch) =>
        {
            for (int r = first; r < end; r++)
            {
                if (start[r] == start[r + 1]) continue;
                var zr = FloatRows.Row(z, r, width);
                float lse = FloatRows.LogSumExp(zr, scale, scratch);
                logSumExp[r] = lse;
                for (int j = start[r]; j < start[r + 1]; j++)
                {
                    int i = order[j];
                    var pt = FloatRows.Row(p, pairs.TargetRows[i], width);
                    targetSum[i] = TensorPrimitives.Sum(pt);
                    contribution[i] = pairs.Weights[i] * ((double)targetSum[i] * lse - (double)TensorPrimitives.Dot(pt, zr) * scale);
                }
            }
        });
        // Summed in pair order, so the value does not depend on how rows were split over threads.
        var terms = new float[pairs.TermCount];
        var sums = new double[pairs.TermCount];
        for (int i = 0; i < pairs.Count; i++) sums[pairs.Terms[i]] += contribution[i];
        for (int t = 0; t < terms.Length; t++) terms[t] = (float)sums[t];
        ctx.save_for_backward([logits, targets]);
        ctx.save_data("pairs", pairs);
        ctx.save_data("start", start);
        ctx.save_data("order", order);
        ctx.save_data("scale", scale);
        ctx.save_data("logSumExp", logSumExp);
        ctx.save_data("targetSum", targetSum);
        return torch.tensor(terms);
    }

    /// <inheritdoc/>
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        Tensor logits = saved[0], targets = saved[1];
        var pairs = (SoftTargetPairs)ctx.get_data("pairs");
        float scale = (float)ctx.get_data("scale");
        var logSumExp = (float[])ctx.get_data("logSumExp");
        var targetSum = (float[])ctx.get_data("targetSum");
        var termGrad = grad_output.to_type(ScalarType.Float32).cpu().data<float>().ToArray();
        var start = (int[])ctx.get_data("start");
        var order = (int[])ctx.get_data("order");
        int rows = (int)logits.shape[0], width = (int)logits.shape[1];
        var grad = torch.empty_like(logits);
        IntPtr z = FloatRows.Address(logits, "logits"), p = FloatRows.Address(targets, "targets"), g = FloatRows.Address(grad, "gradient");
        FloatRows.For(rows, width, (first, end, _) =>
        {
            for (int r = first; r < end; r++)
            {
                var gr = FloatRows.Row(g, r, width);
                if (start[r] == start[r + 1])
                {
                    gr.Clear();
                    continue;
                }
                // softmax(z / T) * (sum over the row's pairs of w * sum(p)) / T ...
                double softmaxWeight = 0;
                for (int j = start[r]; j < start[r + 1]; j++)
                {
                    int i = order[j];
                    softmaxWeight += termGrad[pairs.Terms[i]] * pairs.Weights[i] * targetSum[i];
                }
                TensorPrimitives.Multiply(FloatRows.Row(z, r, width), scale, gr);
                TensorPrimitives.Subtract(gr, logSumExp[r], gr);
                TensorPrimitives.Exp(gr, gr);
                TensorPrimitives.Multiply(gr, (float)(softmaxWeight * scale), gr);
                // ... minus w / T * p for each pair.
                for (int j = start[r]; j < start[r + 1]; j++)
                {
                    int i = order[j];
                    float targetWeight = (float)(-termGrad[pairs.Terms[i]] * pairs.Weights[i] * scale);
                    TensorPrimitives.MultiplyAdd(FloatRows.Row(p, pairs.TargetRows[i], width), targetWeight, gr, gr);
                }
            }
        });
        return [grad, null!, null!, null!];
    }
}
