using Microsoft.ML;

namespace Sparsh.MLNet;

/// <summary>Entry point: <c>mlContext.Sparsh()</c>.</summary>
public static class MLContextExtensions
{
    /// <summary>The Sparsh-skin catalog of estimators for this context.</summary>
    public static SparshCatalog Sparsh(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new SparshCatalog(mlContext);
    }
}
