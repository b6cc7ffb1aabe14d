using Sparsh.Transforms.Hand;

namespace Sparsh.MLNet.Reports;

/// <summary>
/// A flat, schematic layout of the hand for plots: each patch keeps its own taxel grid (local x/y in
/// millimetres) and is placed in a column per finger (thumb, index, middle, ring; fingertip on top) with
/// the three palm patches below. Easier to read than a projection of the curved 3D hand.
/// </summary>
public static class HandMapLayout
{
    private const double ColumnSpacingMm = 40;
    private const double RowSpacingMm = 38;

    /// <summary>Plot coordinates (millimetres) of every taxel, in flatten order.</summary>
    public static (double[] X, double[] Y) Compute(HandModel hand)
    {
        var x = new double[hand.TaxelCount];
        var y = new double[hand.TaxelCount];
        var rowInColumn = new Dictionary<int, int>();
        int palmIndex = 0;
        foreach (var patch in hand.Patches)
        {
            var taxels = hand.Taxels.Where(t => t.PatchName == patch.Name).ToArray();
            double centreX = taxels.Average(t => t.LocalPositionMetres.X), centreY = taxels.Average(t => t.LocalPositionMetres.Y);
            double anchorX, anchorY;
            int column = FingerColumn(patch.Name);
            if (column < 0)
            {
                anchorX = ColumnSpacingMm * (0.5 + palmIndex * 1.2);
                anchorY = -RowSpacingMm * 3.9;
                palmIndex++;
            }
            else
            {
                int row = rowInColumn.GetValueOrDefault(column);
                rowInColumn[column] = row + 1;
                anchorX = ColumnSpacingMm * column;
                anchorY = -RowSpacingMm * row;
            }
            foreach (var taxel in taxels)
            {
                x[taxel.Index] = anchorX + 1000 * (taxel.LocalPositionMetres.X - centreX);
                y[taxel.Index] = anchorY + 1000 * (taxel.LocalPositionMetres.Y - centreY);
            }
        }
        return (x, y);
    }

    // Thumb patches are named 3aftc and link_12..15, index 0aftc and link_0..3, middle 1aftc/link_4..7, ring 2aftc/link_8..11.
    private static int FingerColumn(string patch)
    {
        if (patch.StartsWith("ahr_palm", StringComparison.Ordinal)) return -1;
        if (patch.Length > 1 && char.IsDigit(patch[0]) && patch.Contains("aftc", StringComparison.Ordinal))
            return patch[0] switch { '3' => 0, '0' => 1, '1' => 2, _ => 3 };
        int link = int.Parse(new string(patch.Split('_')[1].TakeWhile(char.IsDigit).ToArray()));
        return link switch { >= 12 => 0, >= 8 => 3, >= 4 => 2, _ => 1 };
    }
}
