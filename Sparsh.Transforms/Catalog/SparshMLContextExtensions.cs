using Microsoft.ML;

namespace Sparsh;

/// <summary>Entry point: <c>mlContext.Sparsh()</c>.</summary>
public static class SparshMLContextExtensions
{
    /// <summary>
    /// The Sparsh-skin catalog of estimators for this context. Which methods it offers depends on the Sparsh assemblies the
    /// app references (each adds its own extension methods, all in namespace <c>Sparsh</c>).
    /// </summary>
    public static SparshCatalog Sparsh(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new SparshCatalog(mlContext);
    }
}
