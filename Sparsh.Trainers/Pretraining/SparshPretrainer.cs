using System.Diagnostics;
using Microsoft.ML;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Masking;
using Sparsh.Trainers.Torch;
using Sparsh.Transforms.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// The pretraining loop: AdamW with warm-up + cosine learning rate and cosine weight decay, gradient clipping,
/// EMA teacher, validation, checkpoints and exact resume. Every random draw of a step (masks, drop-path, batch
/// order) is derived from the seed and the step number, so a run resumed from a checkpoint repeats the steps of an
/// uninterrupted run bit for bit.
/// </summary>
internal sealed class SparshPretrainer : IDisposable
{
    private readonly SparshPretrainingOptions _options;
    private readonly Device _device;

    /// <summary>The model being trained (null for the "None" objective, which only initialises an encoder).</summary>
    public PretrainingObjectiveModel? Model { get; }

    /// <summary>The optimizer, or null for "None".</summary>
    public ScheduledAdamW? Optimizer { get; }

    /// <summary>Builds model and optimizer from the seed.</summary>
    public SparshPretrainer(SparshPretrainingOptions options)
    {
        options.Validate();
        _options = options;
        _device = TorchDevice.Resolve(options.Device, options.CpuThreads);
        torch.random.manual_seed(options.Seed);
        Model = options.Objective switch
        {
            SparshPretrainingObjective.SelfDistillation => new SelfDistillationModel(options.Encoder,
                new BlockMasking(TaxelNeighbourhood.FromHand(options.Hand), options.Masking), options.SelfDistillation),
            SparshPretrainingObjective.MaskedAutoencoder => new MaskedAutoencoderModel(options.Encoder, options.MaeMaskRatio),
            SparshPretrainingObjective.Byol => new ByolModel(options.Encoder,
                new BlockMasking(TaxelNeighbourhood.FromHand(options.Hand), options.Masking), options.Byol),
            _ => null,
        };
        if (Model is null) return;
        Model.to(_device);
        // No weight decay on biases, norms (1-D parameters) and the learned embeddings and tokens.
        var named = Model.TrainableParameters.ToList();
        static bool NoDecay(string name, Parameter p) => p.dim() <= 1 || name.EndsWith("type_embed", StringComparison.Ordinal)
            || name.EndsWith("pos_embed", StringComparison.Ordinal) || name.EndsWith("register_tokens", StringComparison.Ordinal)
            || name.EndsWith("mask_token", StringComparison.Ordinal);
        Optimizer = new ScheduledAdamW(named.Where(p => !NoDecay(p.Name, p.Parameter)).Select(p => p.Parameter),
            named.Where(p => NoDecay(p.Name, p.Parameter)).Select(p => p.Parameter));
    }

    /// <summary>
    /// Trains on <paramref name="training"/> and returns the encoder to use afterwards (on the CPU, evaluation mode), scoring
    /// <paramref name="probes"/> on the teacher as it trains and on a random initialisation.
    /// </summary>
    public SparshSkinEncoder Run(MLContext mlContext, WindowSet training, WindowSet? validation, IReadOnlyList<EncoderProbe>? probes = null)
    {
        probes ??= [];
        if (Model is null || Optimizer is null)
        {
            torch.random.manual_seed(_options.Seed);
            var encoder = new SparshSkinEncoder(_options.Encoder);
            encoder.eval();
            return encoder;
        }
        if (training.Count < 2) throw new InvalidOperationException($"Pretraining needs at least 2 training windows, got {training.Count}.");
        using var heap = NativeHeapRetention.Enter();
        using var log = new TrainingLog<SparshPretrainingProgress>(mlContext, "SparshPretraining", _options.Progress);
        int batchSize = Math.Min(_options.BatchSize, training.Count);
        long stepsPerEpoch = training.Count / batchSize;
        long totalSteps = stepsPerEpoch * _options.Epochs;
        long step = 0;
        if (_options.Resume && _options.CheckpointPath is { } resumePath && File.Exists(resumePath))
        {
            var state = PretrainingCheckpoint.Restore(resumePath, Model, Optimizer);
            if (state.TotalSteps != totalSteps || state.Seed != _options.Seed || state.Objective != _options.Objective.ToString())
                throw new InvalidOperationException($"Checkpoint '{resumePath}' is from a different run ({state}); expected {totalSteps} steps, seed {_options.Seed}, {_options.Objective}.");
            step = state.Step;
            log.Info($"resumed from {resumePath} at step {step}/{totalSteps}");
        }

        if (_options.MatmulPrecision == MatmulPrecision.BFloat16 && _device.type == DeviceType.CPU && MixedPrecision.CpuHasBFloat16() == false)
            log.Info("warning: MatmulPrecision is BFloat16 but this CPU has no bfloat16 instructions (AVX512-BF16 or AMX): libtorch emulates them, about 10x slower than Float32");
        log.Info($"{_options.Objective}: {training.Count} windows, batch {batchSize}, {stepsPerEpoch} steps/epoch, {totalSteps} steps on {_device}");
        var probesAtInitialisation = ProbeRandomInitialisation(probes, log);
        int[] order = [];
        long orderEpoch = -1;
        var clock = Stopwatch.StartNew();
        long samplesSinceReport = 0;
        bool warnedUniformTargets = false;
        Model.train();
        while (step < totalSteps)
        {
            if (_options.CancellationToken.IsCancellationRequested)
            {
                SaveCheckpoint(step, totalSteps, stepsPerEpoch, log);
                _options.CancellationToken.ThrowIfCancellationRequested();
            }
            long epoch = step / stepsPerEpoch;
            if (epoch != orderEpoch)
            {
                order = Enumerable.Range(0, training.Count).ToArray();
                new Random(StepSeed(epoch, salt: 0x0E90C4)).Shuffle(order);
                orderEpoch = epoch;
            }
            var indices = order.AsSpan((int)(step % stepsPerEpoch) * batchSize, batchSize);
            var schedule = Schedule(step, totalSteps, stepsPerEpoch);
            var timer = _options.StepTimer;
            timer?.StartStep();
            torch.random.manual_seed(StepSeed(step, salt: 0x70C4));
            var context = new PretrainingStepContext(new Random(StepSeed(step, salt: 0x3A5C)), schedule.TeacherTemperature, Training: true) { Timer = timer };
            PretrainingLosses losses;
            double loss;
            using (var scope = NewDisposeScope())
            {
                var batch = training.Batch(indices, _device);
                timer?.Mark("batch assembly (host)");
                using (MixedPrecision.Use(_options.MatmulPrecision))
                    losses = Model.Losses(batch, context);
                Optimizer.ZeroGrad();
                timer?.Mark("zero grad");
                losses.Total.backward();
                timer?.Mark("backward");
                if (_options.GradientClipNorm > 0) nn.utils.clip_grad_norm_(Optimizer.All, _options.GradientClipNorm);
                timer?.Mark("gradient clipping");
                Optimizer.Step(schedule.LearningRate, schedule.WeightDecay);
                timer?.Mark("AdamW");
                Model.AfterOptimizerStep(schedule.TeacherMomentum);
                timer?.Mark("EMA teacher");
                loss = losses.Total.item<float>();
            }
            timer?.Mark("scope disposal");
            if (!double.IsFinite(loss)) throw new InvalidOperationException($"Pretraining diverged: loss {loss} at step {step}. Lower the learning rate or check the input normalisation.");
            step++;
            samplesSinceReport += batchSize;

            bool endOfEpoch = step % stepsPerEpoch == 0;
            bool validate = validation is { Count: > 1 } && (_options.ValidateEverySteps > 0 ? step % _options.ValidateEverySteps == 0 : endOfEpoch);
            double? validationLoss = validate ? Validate(validation!, batchSize, schedule.TeacherTemperature) : null;
            bool probe = probes.Count > 0 && (step == 1 || step % _options.ProbeEverySteps == 0 || step == totalSteps);
            var probeScores = probe ? probes.ToDictionary(p => p.Name, p => p.Measure(Model.InferenceEncoder, _device)) : null;
            if (step % _options.LogEverySteps == 0 || step == totalSteps || validationLoss.HasValue || probe)
            {
                double rate = samplesSinceReport / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                var progress = new SparshPretrainingProgress(step, totalSteps, (double)step / stepsPerEpoch, loss, losses.Terms,
                    schedule.LearningRate, rate, losses.TeacherEntropy, validationLoss, probeScores, probeScores is null ? null : probesAtInitialisation);
                log.Report(progress, $"step {step}/{totalSteps} loss {loss:G5} " +
                    string.Join(" ", losses.Terms.Select(t => $"{t.Key} {t.Value:G4}")) +
                    $" lr {schedule.LearningRate:G3} wd {schedule.WeightDecay:G3} tT {schedule.TeacherTemperature:G3} m {schedule.TeacherMomentum:G5}" +
                    $" H(teacher) {losses.TeacherEntropy:G4} {rate:F1} samples/s" + (validationLoss is { } v ? $" validation {v:G5}" : "") +
                    (probeScores is null ? "" : " " + string.Join(" ", probeScores.Select(p => $"probe {p.Key} {p.Value:F4} (random init {probesAtInitialisation[p.Key]:F4})"))));
                clock.Restart();
                samplesSinceReport = 0;
                if (!warnedUniformTargets && UniformTargets(losses, (double)step / stepsPerEpoch))
                {
                    warnedUniformTargets = true;
                    log.Info($"warning: the teacher's targets are uniform (entropy {losses.TeacherEntropy:G4} nats, ln K = {Math.Log(_options.SelfDistillation.Prototypes):G4}): " +
                        "the self-distillation losses have nothing to learn. The teacher's logits hardly differ between windows compared with its temperature; " +
                        "lower TeacherTemperatureStart/End or the learning rate (docs/pretraining.md).");
                }
            }
            if (_options.CheckpointEverySteps > 0 && step % _options.CheckpointEverySteps == 0) SaveCheckpoint(step, totalSteps, stepsPerEpoch, log);
        }
        if (_options.CheckpointPath is not null && (_options.CheckpointEverySteps == 0 || step % _options.CheckpointEverySteps != 0))
            SaveCheckpoint(step, totalSteps, stepsPerEpoch, log);
        return InferenceCopy();
    }

    // The probes on a fresh encoder of the same architecture and seed: what pretraining has to beat. Built here rather than
    // read from the model so that a resumed run measures the same baseline.
    private Dictionary<string, double> ProbeRandomInitialisation(IReadOnlyList<EncoderProbe> probes, TrainingLog<SparshPretrainingProgress> log)
    {
        if (probes.Count == 0) return [];
        torch.random.manual_seed(_options.Seed);
        using var random = new SparshSkinEncoder(_options.Encoder);
        random.to(_device);
        var scores = probes.ToDictionary(p => p.Name, p => p.Measure(random, _device));
        log.Info("probes at random initialisation (RMSE / label std on held-out recordings): " + string.Join(", ", scores.Select(s => $"{s.Key} {s.Value:F4}")));
        return scores;
    }

    // After the temperature warm-up, targets within 1% of the uniform entropy ln K mean collapse to uniform targets.
    private bool UniformTargets(PretrainingLosses losses, double epoch)
        => _options.Objective == SparshPretrainingObjective.SelfDistillation
            && epoch >= Math.Max(1, _options.TeacherTemperatureWarmupEpochs)
            && losses.TeacherEntropy > 0.99 * Math.Log(_options.SelfDistillation.Prototypes);

    /// <summary>The schedules' values at a step.</summary>
    public (double LearningRate, double WeightDecay, double TeacherTemperature, double TeacherMomentum) Schedule(long step, long totalSteps, long stepsPerEpoch)
    {
        long warmup = (long)Math.Round(_options.WarmupEpochs * stepsPerEpoch);
        double lr = PretrainingSchedules.WarmupCosine(step, totalSteps, Math.Min(warmup, totalSteps), _options.LearningRate, _options.MinLearningRate);
        double wd = PretrainingSchedules.Cosine(step, totalSteps, _options.WeightDecayStart, _options.WeightDecayEnd);
        double temperature = PretrainingSchedules.LinearWarmup((double)step / stepsPerEpoch, _options.TeacherTemperatureWarmupEpochs,
            _options.TeacherTemperatureStart, _options.TeacherTemperatureEnd);
        double momentum = PretrainingSchedules.Cosine(step, totalSteps, _options.TeacherMomentumStart, _options.TeacherMomentumEnd);
        return (lr, wd, temperature, momentum);
    }

    private double Validate(WindowSet validation, int batchSize, double teacherTemperature)
    {
        // Fixed masks (own seed) and no drop-path, so validation losses are comparable across steps.
        var random = new Random(StepSeed(-1, salt: 0x7A11D));
        int size = Math.Min(batchSize, validation.Count);
        int batches = Math.Max(1, Math.Min(4, validation.Count / size));
        double sum = 0;
        Model!.eval();
        using (torch.no_grad())
        {
            for (int i = 0; i < batches; i++)
            {
                using var scope = NewDisposeScope();
                var indices = Enumerable.Range(i * size, size).ToArray();
                using var precision = MixedPrecision.Use(_options.MatmulPrecision);
                var losses = Model.Losses(validation.Batch(indices, _device), new PretrainingStepContext(random, teacherTemperature, Training: false));
                sum += losses.Total.item<float>();
            }
        }
        Model.train();
        return sum / batches;
    }

    private void SaveCheckpoint(long step, long totalSteps, long stepsPerEpoch, TrainingLog<SparshPretrainingProgress> log)
    {
        if (_options.CheckpointPath is not { } path) return;
        PretrainingCheckpoint.Save(path, Model!, Optimizer!, new PretrainingState(step, totalSteps, stepsPerEpoch, _options.Seed, _options.Objective.ToString()));
        log.Info($"checkpoint at step {step} written to {path}");
    }

    private SparshSkinEncoder InferenceCopy()
    {
        var source = Model!.InferenceEncoder;
        var copy = new SparshSkinEncoder(source.Config);
        using (torch.no_grad())
        {
            var from = source.state_dict();
            foreach (var (name, tensor) in copy.state_dict()) tensor.copy_(from[name]);
        }
        copy.eval();
        return copy;
    }

    private int StepSeed(long step, int salt) => SeedMixer.Derive(_options.Seed, step, salt);

    /// <inheritdoc/>
    public void Dispose()
    {
        Optimizer?.Dispose();
        Model?.Dispose();
    }
}
