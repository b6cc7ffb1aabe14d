using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.LinearProbe;
using Sparsh.Transforms.Xela;

namespace Sparsh.MLNet.Studies;

/// <summary>
/// Options of <see cref="SampleEfficiencyStudy"/>: which modes, label budgets (whole recordings) and seeds to run, how each
/// decoder is trained, and the learning rates every mode is tuned over on the fixed validation recordings.
/// </summary>
public sealed class SampleEfficiencyOptions
{
    /// <summary>Label vector column (e.g. force [3] in newtons).</summary>
    public string LabelColumnName { get; set; } = XelaColumnNames.Label;

    /// <summary>Names of the label's components, in order (used in tables and the DataFrame).</summary>
    public IReadOnlyList<string> OutputNames { get; set; } = [];

    /// <summary>Optional per-output thresholds for "accuracy within thresholds" (pose).</summary>
    public IReadOnlyList<double>? Thresholds { get; set; }

    /// <summary>Text column naming each window's recording: budgets, validation and test are whole recordings.</summary>
    public string GroupColumnName { get; set; } = XelaColumnNames.RecordingId;

    /// <summary>Labelled recordings per budget (nested: each budget's recordings include the smaller budgets').</summary>
    public IReadOnlyList<int> BudgetRecordings { get; set; } = [1, 2, 4, 8, 16, 32];

    /// <summary>Seeds: each draws its own nested budgets and initialises every decoder; results are mean and spread over seeds.</summary>
    public IReadOnlyList<int> Seeds { get; set; } = [1, 2, 3];

    /// <summary>Modes compared.</summary>
    public IReadOnlyList<SampleEfficiencyMode> Modes { get; set; } =
        [SampleEfficiencyMode.LinearProbe, SampleEfficiencyMode.Frozen, SampleEfficiencyMode.FineTune, SampleEfficiencyMode.EndToEnd];

    /// <summary>
    /// Labelled recordings set aside (once, by <see cref="ValidationSeed"/>) for early stopping and for choosing each mode's
    /// learning rate and the shipped model. Never trained on; the test set is never used to choose anything.
    /// </summary>
    public int ValidationRecordings { get; set; } = 4;

    /// <summary>Seed of the validation recordings' draw (fixed across seeds so every run is chosen on the same recordings).</summary>
    public int ValidationSeed { get; set; } = 12345;

    /// <summary>Decoder trained on each budget.</summary>
    public SampleEfficiencyDecoder Decoder { get; set; } = SampleEfficiencyDecoder.AttentivePooler;

    /// <summary>
    /// Optimiser steps per run, the same for every mode and budget (epochs are derived from the budget's size), so modes
    /// differ only in what they start from and what they train. Early stopping on the validation recordings keeps the best epoch.
    /// </summary>
    public int OptimizerSteps { get; set; } = 300;

    /// <summary>Windows (or sequences, for the temporal decoder) per optimiser step.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Learning rates every decoder mode is tuned over (the same grid for each mode; chosen on validation per run).</summary>
    public IReadOnlyList<double> LearningRates { get; set; } = [1e-3, 3e-3];

    /// <summary>FineTune: the encoder's learning rate as a multiple of the decoder's (1 = the same as EndToEnd's encoder, so only the start differs).</summary>
    public double FineTuneEncoderLearningRateRatio { get; set; } = 1.0;

    /// <summary>Validations per run (on the validation recordings): each run validates every epochs / this many epochs, and after its last.</summary>
    public int ValidationsPerRun { get; set; } = 10;

    /// <summary>Early stopping patience as a fraction of the run's epochs (at least 3 epochs).</summary>
    public double PatienceFraction { get; set; } = 0.3;

    /// <summary>Attention heads of the decoder's pooler (must divide the encoder width).</summary>
    public int Heads { get; set; } = 2;

    /// <summary>Attentive-pooler decoder: width of the MLP's hidden layer (null = a quarter of the encoder width), the same for every mode.</summary>
    public int? HiddenWidth { get; set; }

    /// <summary>Optional activation per output (e.g. Softplus for normal force).</summary>
    public IList<OutputActivation>? OutputActivations { get; set; }

    /// <summary>Temporal decoder: windows per training sequence.</summary>
    public int SequenceLengthWindows { get; set; } = 50;

    /// <summary>HiSS: hidden size of both LSTMs (the low-level one over each window's frames, the high-level one over windows).</summary>
    public int HissHiddenSize { get; set; } = 64;

    /// <summary>
    /// Linear probe: what it reads from the frozen encoder. <see cref="LinearProbeFeatures.RegisterAndMeanTaxelToken"/> (the
    /// default) reads the register and the mean taxel token, as the pretraining's online probe does;
    /// <see cref="LinearProbeFeatures.AsGiven"/> reads the register embedding alone.
    /// </summary>
    public LinearProbeFeatures LinearProbeFeatures { get; set; } = LinearProbeFeatures.RegisterAndMeanTaxelToken;

    /// <summary>
    /// Linear probe: the ridge penalties (per training window, on standardised features) it is fitted with; the one that scores
    /// best on the validation recordings is kept, as the learning rate is for the trained modes.
    /// </summary>
    public IReadOnlyList<double> LinearProbeL2Regularizations { get; set; } = [1e-3, 1e-2, 1e-1, 1];

    /// <summary>
    /// Signal probe: its ridge penalties, chosen on validation likewise. Wider and larger than the linear probe's: it reads
    /// 1104 standardised values (368 taxels x 3 axes), most of them noise on any one recording, against the probe's 2D.
    /// </summary>
    public IReadOnlyList<double> SignalProbeL2Regularizations { get; set; } = [1e-2, 1e-1, 1, 10, 100, 1000];

    /// <summary>libtorch CPU threads of every run (0 keeps libtorch's default).</summary>
    public int CpuThreads { get; set; }

    /// <summary>Receives a report after every run (also written to MLContext.Log).</summary>
    public IProgress<SampleEfficiencyProgress>? Progress { get; set; }

    /// <summary>Receives each decoder's per-epoch report (for a progress bar of the run in flight).</summary>
    public IProgress<Trainers.Training.EpochReport>? EpochProgress { get; set; }

    /// <summary>Stops the study between epochs.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>A copy, so a running study is not changed by later edits of the caller's object.</summary>
    public SampleEfficiencyOptions Clone()
    {
        var copy = (SampleEfficiencyOptions)MemberwiseClone();
        copy.OutputNames = [.. OutputNames];
        copy.Thresholds = Thresholds is null ? null : [.. Thresholds];
        copy.BudgetRecordings = [.. BudgetRecordings];
        copy.Seeds = [.. Seeds];
        copy.Modes = [.. Modes];
        copy.LearningRates = [.. LearningRates];
        copy.LinearProbeL2Regularizations = [.. LinearProbeL2Regularizations];
        copy.SignalProbeL2Regularizations = [.. SignalProbeL2Regularizations];
        copy.OutputActivations = OutputActivations is null ? null : [.. OutputActivations];
        return copy;
    }

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (BudgetRecordings.Count == 0 || BudgetRecordings.Any(b => b < 1))
            throw new ArgumentOutOfRangeException(nameof(BudgetRecordings), $"Budgets are positive recording counts, got [{string.Join(", ", BudgetRecordings)}].");
        if (Seeds.Count == 0) throw new ArgumentOutOfRangeException(nameof(Seeds), "At least one seed is needed.");
        if (Modes.Count == 0) throw new ArgumentOutOfRangeException(nameof(Modes), "At least one mode is needed.");
        // A repeated seed would count one run twice in the mean and shrink the spread.
        if (Seeds.Distinct().Count() != Seeds.Count) throw new ArgumentException($"Seeds must differ, got [{string.Join(", ", Seeds)}].", nameof(Seeds));
        if (BudgetRecordings.Distinct().Count() != BudgetRecordings.Count)
            throw new ArgumentException($"Budgets must differ, got [{string.Join(", ", BudgetRecordings)}].", nameof(BudgetRecordings));
        if (Modes.Distinct().Count() != Modes.Count) throw new ArgumentException($"Modes must differ, got [{string.Join(", ", Modes)}].", nameof(Modes));
        if (ValidationRecordings < 1) throw new ArgumentOutOfRangeException(nameof(ValidationRecordings), $"At least one validation recording is needed, got {ValidationRecordings}.");
        if (OptimizerSteps < 1) throw new ArgumentOutOfRangeException(nameof(OptimizerSteps), $"OptimizerSteps must be positive, got {OptimizerSteps}.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"BatchSize must be positive, got {BatchSize}.");
        if (LearningRates.Count == 0 || LearningRates.Any(r => !(r > 0)))
            throw new ArgumentOutOfRangeException(nameof(LearningRates), $"Learning rates must be positive, got [{string.Join(", ", LearningRates)}].");
        foreach (var (name, grid) in new[] { (nameof(LinearProbeL2Regularizations), LinearProbeL2Regularizations), (nameof(SignalProbeL2Regularizations), SignalProbeL2Regularizations) })
            if (grid.Count == 0 || grid.Any(l => !(l > 0) || double.IsInfinity(l)))
                throw new ArgumentOutOfRangeException(name, $"Ridge penalties must be positive and finite, got [{string.Join(", ", grid)}].");
        if (!(FineTuneEncoderLearningRateRatio > 0))
            throw new ArgumentOutOfRangeException(nameof(FineTuneEncoderLearningRateRatio), $"Must be positive, got {FineTuneEncoderLearningRateRatio}.");
        if (HissHiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(HissHiddenSize), $"HissHiddenSize must be positive, got {HissHiddenSize}.");
        if (ValidationsPerRun < 1) throw new ArgumentOutOfRangeException(nameof(ValidationsPerRun), $"Must be positive, got {ValidationsPerRun}.");
        if (PatienceFraction is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(PatienceFraction), $"Must be in (0, 1], got {PatienceFraction}.");
        if (Modes.Contains(SampleEfficiencyMode.Hiss) && Decoder != SampleEfficiencyDecoder.Temporal)
            throw new ArgumentException($"Mode Hiss is a sequence baseline: it needs Decoder = {SampleEfficiencyDecoder.Temporal}, got {Decoder}.", nameof(Modes));
        if (OutputNames.Count == 0) throw new ArgumentOutOfRangeException(nameof(OutputNames), "Name the label's components (e.g. [\"Fx\", \"Fy\", \"Fz\"]).");
    }
}
