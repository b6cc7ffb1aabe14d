namespace Sparsh.Trainers.Pretraining;

/// <summary>The schedules of the recipe as pure functions of the step, so a resumed run recomputes them exactly.</summary>
internal static class PretrainingSchedules
{
    /// <summary>Linear warm-up from 0 to <paramref name="peak"/> over <paramref name="warmupSteps"/>, then cosine to <paramref name="final"/>.</summary>
    public static double WarmupCosine(long step, long totalSteps, long warmupSteps, double peak, double final)
    {
        if (step < warmupSteps) return peak * (step + 1) / warmupSteps;
        return Cosine(step - warmupSteps, totalSteps - warmupSteps, peak, final);
    }

    /// <summary>Half-cosine from <paramref name="start"/> (step 0) to <paramref name="end"/> (step = <paramref name="totalSteps"/>).</summary>
    public static double Cosine(long step, long totalSteps, double start, double end)
    {
        if (totalSteps <= 0) return end;
        double progress = Math.Clamp((double)step / totalSteps, 0, 1);
        return end + (start - end) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    /// <summary>Linear from <paramref name="start"/> to <paramref name="end"/> over <paramref name="warmup"/> (any unit), then constant.</summary>
    public static double LinearWarmup(double position, double warmup, double start, double end)
        => warmup <= 0 || position >= warmup ? end : start + (end - start) * position / warmup;
}
