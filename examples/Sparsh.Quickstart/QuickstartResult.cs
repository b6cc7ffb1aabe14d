namespace Sparsh.Quickstart;

/// <summary>What a Quickstart run produced.</summary>
public sealed record QuickstartResult(string ReportPath, string ModelPath, string TestWindowsPath, IReadOnlyList<DecoderResult> Force,
    IReadOnlyList<(float[] Truth, float[] Predicted)> AppPredictions, TimeSpan Elapsed);
