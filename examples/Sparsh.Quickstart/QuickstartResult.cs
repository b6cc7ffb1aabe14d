using Sparsh.MLNet.Studies;

namespace Sparsh.Quickstart;

/// <summary>What a Quickstart run produced: the study, the shipped model (best on validation) and its test predictions, and what the app predicted.</summary>
public sealed record QuickstartResult(string ReportPath, string ModelPath, string TestWindowsPath, SampleEfficiencyResult Study,
    float[] ShippedTruth, float[] ShippedPredictions, IReadOnlyList<(float[] Truth, float[] Predicted)> AppPredictions, TimeSpan Elapsed);
