using Sparsh.MLNet.Sweeps;

namespace Sparsh.Sweep;

/// <summary>The search spaces the example offers: the smoke preset (small attentive pooler, default tree and SDCA domains) and the library default.</summary>
internal static class SweepSpaces
{
    public static SweepSearchSpace Create(bool smoke, IReadOnlyCollection<SweepFamily>? families = null, int? epochs = null)
    {
        var space = smoke
            ? new SweepSearchSpace(
            [
                new SweepFamilySpace(SweepFamily.AttentivePooler,
                [
                    ParameterDomain.Choice(SweepParameterNames.Heads, 1, 2),
                    ParameterDomain.Choice(SweepParameterNames.HiddenWidth, 8),
                    ParameterDomain.IntRange(SweepParameterNames.MlpDepth, 1, 2),
                    ParameterDomain.LogUniform(SweepParameterNames.LearningRate, 1e-3, 1e-2),
                    epochs is { } fixedEpochs ? ParameterDomain.Choice(SweepParameterNames.Epochs, fixedEpochs) : ParameterDomain.IntRange(SweepParameterNames.Epochs, 2, 4),
                ]),
                SweepSearchSpace.FastTreeSpace(),
                SweepSearchSpace.LightGbmSpace(),
                SweepSearchSpace.SdcaSpace(),
            ])
            : SweepSearchSpace.Default();
        if (families is not { Count: > 0 }) return space;
        return new SweepSearchSpace(space.Families.Where(f => families.Contains(f.Family)));
    }
}
