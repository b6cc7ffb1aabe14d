using Microsoft.ML;
using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// An online probe of pretraining: a ridge regression from the teacher's features (register embedding and mean taxel token)
/// to a label, fitted on some labelled recordings and scored on others every <see cref="SparshPretrainingOptions.ProbeEverySteps"/>
/// steps, next to the same probe on a randomly initialised encoder. It tells whether pretraining improves the representation,
/// not only whether its loss falls.
/// </summary>
public sealed class EncoderProbeOptions
{
    /// <summary>Name in progress reports and logs (e.g. "force").</summary>
    public string Name { get; set; } = "probe";

    /// <summary>Labelled, model-ready windows (the encoder's columns plus the label and group columns); keep it small, it is encoded at every probe.</summary>
    public IDataView? Data { get; set; }

    /// <summary>Label vector column (e.g. force [3] in newtons).</summary>
    public string LabelColumnName { get; set; } = XelaColumnNames.Label;

    /// <summary>Text column of the recording: the probe is fitted and scored on different recordings.</summary>
    public string GroupColumnName { get; set; } = XelaColumnNames.RecordingId;

    /// <summary>Fraction of the recordings the probe is scored on (at least one).</summary>
    public double TestFraction { get; set; } = 0.3;

    /// <summary>Ridge penalty per training window on standardised features.</summary>
    public double RidgeLambda { get; set; } = 1e-2;

    /// <summary>Seed of the recordings' split.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>A copy; <see cref="Data"/> is shared (a data view is read, never changed).</summary>
    public EncoderProbeOptions Clone() => (EncoderProbeOptions)MemberwiseClone();

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (Data is null) throw new ArgumentNullException(nameof(Data), $"Probe '{Name}' has no labelled windows (Data).");
        if (TestFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(TestFraction), $"Probe '{Name}': TestFraction must be in (0, 1), got {TestFraction}.");
        if (!(RidgeLambda > 0)) throw new ArgumentOutOfRangeException(nameof(RidgeLambda), $"Probe '{Name}': RidgeLambda must be positive, got {RidgeLambda}.");
    }
}
