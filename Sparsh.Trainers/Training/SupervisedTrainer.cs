using System.Diagnostics;
using Sparsh.Trainers.Checkpoints;
using Sparsh.Transforms.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Training;

/// <summary>
/// The one supervised loop behind every decoder (instantaneous or temporal, frozen, fine-tuned or end-to-end):
/// AdamW with per-group learning rates, smooth-L1 loss, gradient clipping, early stopping on a validation
/// set, a checkpoint after each epoch and on cancellation, and exact resume (batch order is a function of
/// seed and epoch, so a resumed run replays the same batches).
/// </summary>
internal static class SupervisedTrainer
{
    /// <summary>Trains <paramref name="model"/> in place; restores the best epoch's weights before returning.</summary>
    public static TrainingHistory Train(nn.Module model, IReadOnlyList<(IEnumerable<Parameter> Parameters, double LearningRate)> parameterGroups,
        ISupervisedBatchSource source, SupervisedTrainingOptions options, TrainingLog<EpochReport> log, CancellationToken cancellationToken)
    {
        if (source.TrainCount == 0) throw new InvalidOperationException("No training rows.");
        var groups = parameterGroups.Select(g => new TorchSharp.Modules.AdamW.ParamGroup(g.Parameters, new TorchSharp.Modules.AdamW.Options { LearningRate = g.LearningRate, weight_decay = options.WeightDecay }));
        using var optimizer = new AdamW(groups, options.LearningRate, options.WeightDecay);
        var history = new TrainingHistory();
        var state = new TrainingState();
        if (options.CheckpointPath != null && File.Exists(options.CheckpointPath))
        {
            TrainingCheckpoint.Load(options.CheckpointPath, model, optimizer, state, history);
            log.Info($"resumed from {options.CheckpointPath} after epoch {state.Epoch} (step {state.Step})");
        }
        var best = state.BestWeights ?? Snapshot(model);

        for (int epoch = state.Epoch + 1; epoch <= options.Epochs && !state.Stopped && !StepsSpent(options, state); epoch++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Checkpoint(options, model, optimizer, state, history, best, log);
                cancellationToken.ThrowIfCancellationRequested();
            }
            var clock = Stopwatch.StartNew();
            model.train();
            double trainLoss = RunEpoch(source, options, epoch, optimizer, model, state);
            double samplesPerSecond = source.TrainCount / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            // Small label budgets make epochs of a few steps; validating every few epochs keeps validation from dominating.
            bool lastEpoch = epoch == options.Epochs || StepsSpent(options, state);
            bool validateNow = epoch % Math.Max(1, options.ValidateEveryEpochs) == 0 || lastEpoch;
            var (validationLoss, validationRmse) = validateNow ? Validate(source, options, model, epoch, state.Step) : (double.NaN, double.NaN);

            bool validated = validateNow && source.ValidationCount > 0;
            if (source.ValidationCount == 0 || (validated && validationLoss < state.BestValidationLoss))
            {
                state.BestValidationLoss = source.ValidationCount == 0 ? double.NaN : validationLoss;
                state.BestEpoch = epoch;
                best = Snapshot(model);
            }
            else if (validated && epoch - state.BestEpoch >= options.EarlyStoppingPatience)
            {
                state.Stopped = true;
                history.StoppedEarly = true;
            }
            state.Epoch = epoch;
            var report = new EpochReport(epoch, options.Epochs, state.Step, trainLoss, validationLoss, validationRmse, samplesPerSecond);
            history.Epochs.Add(report);
            log.Report(report, $"epoch {epoch}/{options.Epochs} step {state.Step} train {trainLoss:G4} " +
                               (validated ? $"val {validationLoss:G4} val RMSE {validationRmse:G4}" : "not validated this epoch") +
                               $" {samplesPerSecond:F0} samples/s{(state.Stopped ? " (early stop)" : "")}");
            Checkpoint(options, model, optimizer, state, history, best, log);
        }

        Restore(model, best);
        history.BestEpoch = state.BestEpoch;
        return history;
    }

    private static bool StepsSpent(SupervisedTrainingOptions options, TrainingState state) => options.MaxSteps > 0 && state.Step >= options.MaxSteps;

    private static double RunEpoch(ISupervisedBatchSource source, SupervisedTrainingOptions options, int epoch, AdamW optimizer, nn.Module model, TrainingState state)
    {
        var order = Enumerable.Range(0, source.TrainCount).ToArray();
        // A fixed mix of seed and epoch (HashCode.Combine is randomised per process), so reruns and resumes replay the same batches.
        new Random(unchecked(options.Seed * 1_000_003 + epoch)).Shuffle(order);
        double total = 0;
        int batches = 0;
        for (int start = 0; start < order.Length && !StepsSpent(options, state); start += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var rows = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start));
            var (prediction, target) = source.Forward(rows, validation: false);
            var loss = Loss(source, prediction, target, nn.Reduction.Mean);
            float lossValue = loss.item<float>();
            if (!float.IsFinite(lossValue)) throw Diverged("training", epoch, state.Step, prediction, target, options);
            optimizer.zero_grad();
            loss.backward();
            if (options.GradientClipNorm > 0) nn.utils.clip_grad_norm_(model.parameters(), options.GradientClipNorm);
            optimizer.step();
            total += lossValue;
            batches++;
            state.Step++;
        }
        return total / batches;
    }

    /// <summary>Mean smooth-L1 loss and RMSE over the validation rows, without gradients.</summary>
    private static (double Loss, double Rmse) Validate(ISupervisedBatchSource source, SupervisedTrainingOptions options, nn.Module model, int epoch, long step)
    {
        if (source.ValidationCount == 0) return (double.NaN, double.NaN);
        model.eval();
        using var noGrad = no_grad();
        double loss = 0, squared = 0;
        long values = 0;
        var rows = Enumerable.Range(0, source.ValidationCount).ToArray();
        for (int start = 0; start < rows.Length; start += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var (prediction, target) = source.Forward(rows.AsSpan(start, Math.Min(options.BatchSize, rows.Length - start)), validation: true);
            float batchLoss = Loss(source, prediction, target, nn.Reduction.Sum).item<float>();
            if (!float.IsFinite(batchLoss)) throw Diverged("validation", epoch, step, prediction, target, options);
            loss += batchLoss;
            squared += (prediction - target).square().sum().item<float>();
            values += target.numel();
        }
        return (loss / values, Math.Sqrt(squared / values));
    }

    // Names the likeliest cause from what is non-finite: the labels, or the model's outputs (weights blown up by the
    // learning rate, or inputs holding NaN or infinity).
    private static TrainingDivergedException Diverged(string phase, int epoch, long step, Tensor prediction, Tensor target, SupervisedTrainingOptions options)
    {
        string cause = !target.isfinite().all().item<bool>()
            ? "the labels of the batch hold NaN or infinity; check the label column"
            : !prediction.isfinite().all().item<bool>()
                ? $"the model's outputs are NaN or infinite: the learning rate ({options.LearningRate:G3}) may be too high, or the inputs hold NaN or infinity"
                : "the loss overflowed on finite outputs and labels; check the labels' scale";
        return new TrainingDivergedException(epoch, step,
            $"Training diverged: the {phase} loss is not a number at epoch {epoch} (after {step} optimiser steps); {cause}. " +
            "The model is not returned, since its best epoch so far would be the untrained initialisation or close to it.");
    }

    // Smooth-L1 on labels divided by their scale: without it a loss in metres is ~1e4 times smaller than one in newtons and
    // position outputs barely learn (seen on object pose, docs/results.md).
    private static Tensor Loss(ISupervisedBatchSource source, Tensor prediction, Tensor target, nn.Reduction reduction)
    {
        if (source.LossScale is not { } scale) return nn.functional.smooth_l1_loss(prediction, target, reduction);
        var perOutput = tensor(scale, device: prediction.device);
        return nn.functional.smooth_l1_loss(prediction / perOutput, target / perOutput, reduction);
    }

    private static void Checkpoint(SupervisedTrainingOptions options, nn.Module model, AdamW optimizer, TrainingState state,
        TrainingHistory history, Dictionary<string, Tensor> best, TrainingLog<EpochReport> log)
    {
        if (options.CheckpointPath == null) return;
        state.BestWeights = best;
        TrainingCheckpoint.Save(options.CheckpointPath, model, optimizer, state, history);
        log.Info($"checkpoint after epoch {state.Epoch} -> {options.CheckpointPath}");
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module model)
        => model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());

    private static void Restore(nn.Module model, Dictionary<string, Tensor> weights)
    {
        using var noGrad = no_grad();
        foreach (var (name, value) in model.state_dict()) value.copy_(weights[name]);
    }
}
