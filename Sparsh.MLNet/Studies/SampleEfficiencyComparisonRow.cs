namespace Sparsh.MLNet.Studies;

/// <summary>One mode and budget of one study, labelled with its task and encoder recipe: a cell of the paper's comparison.</summary>
/// <param name="Task">The task the study ran on (e.g. force, pose, joystick).</param>
/// <param name="Encoder">The encoder recipe the modes started from (e.g. sparsh-skin, mae, byol; none for EndToEnd and HiSS).</param>
/// <param name="Mode">The study mode (Frozen, FineTune, EndToEnd, LinearProbe, Hiss).</param>
/// <param name="BudgetRecordings">Labelled recordings trained on.</param>
/// <param name="Seeds">Study seeds averaged over.</param>
/// <param name="TestMeanRmseMean">Mean over seeds of the test RMSE (mean over outputs, label units).</param>
/// <param name="TestMeanRmseStd">Standard deviation over seeds of the same.</param>
/// <param name="TestNormalizedRmseMean">Mean over seeds of the test RMSE / label std (mean over outputs).</param>
/// <param name="TestNormalizedRmseStd">Standard deviation over seeds of the same.</param>
public sealed record SampleEfficiencyComparisonRow(string Task, string Encoder, string Mode, int BudgetRecordings, int Seeds,
    double TestMeanRmseMean, double TestMeanRmseStd, double TestNormalizedRmseMean, double TestNormalizedRmseStd);
