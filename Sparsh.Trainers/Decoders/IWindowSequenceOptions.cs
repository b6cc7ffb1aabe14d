namespace Sparsh.Trainers.Decoders;

/// <summary>How a sequence model's options name the columns that cut windows into sequences and the label it learns.</summary>
internal interface IWindowSequenceOptions
{
    /// <summary>Text column of the recording each window belongs to: sequences never cross recordings.</summary>
    string GroupColumnName { get; }

    /// <summary>Window start time (seconds, double): orders windows and reveals gaps.</summary>
    string WindowStartColumnName { get; }

    /// <summary>Label vector per window.</summary>
    string LabelColumnName { get; }

    /// <summary>Windows per sequence.</summary>
    int SequenceLengthWindows { get; }

    /// <summary>A step between window starts longer than this many median steps starts a new sequence.</summary>
    double GapFactor { get; }
}
