namespace Sparsh.Trainers.Masking;

/// <summary>
/// Draws masked views over the taxel index that follow the hand's layout: a view keeps one contiguous block grown
/// from a random seed taxel through its nearest neighbours in rest geometry (its patch first, then neighbouring
/// patches), never independent random taxels. iBOT token masks are blocks too, grown inside the kept set.
/// </summary>
internal sealed class BlockMasking
{
    private readonly TaxelNeighbourhood _neighbourhood;
    private readonly BlockMaskingOptions _options;

    /// <summary>Creates the sampler.</summary>
    public BlockMasking(TaxelNeighbourhood neighbourhood, BlockMaskingOptions options)
    {
        options.Validate();
        _neighbourhood = neighbourhood;
        _options = options;
    }

    /// <summary>Number of taxels for a fraction drawn uniformly from [min, max]; at least 1.</summary>
    public int DrawCount(Random random, double min, double max, int total)
        => Math.Clamp((int)Math.Round((min + (max - min) * random.NextDouble()) * total), 1, total);

    /// <summary>A block of <paramref name="count"/> taxels grown from a random seed, sorted ascending.</summary>
    public int[] Block(Random random, int count)
    {
        int seed = random.Next(_neighbourhood.TaxelCount);
        var block = _neighbourhood.OrderFrom(seed)[..count].ToArray();
        Array.Sort(block);
        return block;
    }

    /// <summary>
    /// Marks a block of <paramref name="count"/> of the kept taxels: the kept taxels nearest (at rest) to a random
    /// kept seed. Returns a mask aligned with <paramref name="kept"/>.
    /// </summary>
    public bool[] BlockWithin(Random random, int[] kept, int count)
    {
        var mask = new bool[kept.Length];
        if (count == 0) return mask;
        int seed = kept[random.Next(kept.Length)];
        var position = new Dictionary<int, int>(kept.Length);
        for (int i = 0; i < kept.Length; i++) position[kept[i]] = i;
        int marked = 0;
        foreach (int taxel in _neighbourhood.OrderFrom(seed))
        {
            if (!position.TryGetValue(taxel, out int i)) continue;
            mask[i] = true;
            if (++marked == count) break;
        }
        return mask;
    }

    /// <summary>Draws the global and local views (and the iBOT token masks of the global views) for a batch.</summary>
    public MaskedViews Sample(Random random, int batchSize)
    {
        int total = _neighbourhood.TaxelCount;
        int globalKeep = DrawCount(random, _options.GlobalKeepMin, _options.GlobalKeepMax, total);
        int localKeep = DrawCount(random, _options.LocalKeepMin, _options.LocalKeepMax, total);
        var global = Views(random, _options.GlobalViews, batchSize, globalKeep);
        var local = Views(random, _options.LocalViews, batchSize, localKeep);
        var tokenMask = global.Select(view => view.Select(kept =>
        {
            // Fractions below one token round to zero masked tokens: a tiny view is then left whole.
            int count = (int)Math.Round((_options.TokenMaskMin + (_options.TokenMaskMax - _options.TokenMaskMin) * random.NextDouble()) * kept.Length);
            return BlockWithin(random, kept, Math.Min(count, kept.Length));
        }).ToArray()).ToArray();
        return new MaskedViews(global, local, tokenMask);
    }

    private int[][][] Views(Random random, int views, int batchSize, int keep)
        => Enumerable.Range(0, views).Select(_ => Enumerable.Range(0, batchSize).Select(_ => Block(random, keep)).ToArray()).ToArray();
}
