using System.Numerics;

namespace Sparsh.Simulation.Contact;

/// <summary>
/// Turns contacting objects into per-taxel normal and shear loads (newtons), coherent over neighbouring
/// taxels. Each taxel sees a Hertz contact of the object's curvature: total force F = 4/3 E* sqrt(R) d^1.5
/// with contact radius a = sqrt(R d), spread by a Gaussian kernel of variance a^2/5 + h^2 (a^2/5 is the
/// per-axis second moment of the Hertz pressure profile; h, the elastomer thickness, blurs it further) and weighted by the taxel's area, so the loads of a footprint sum to about F. Shear is a
/// Coulomb-capped share of each taxel's normal load along the object's tangential drag (plus its twist, for a turning object).
/// </summary>
public sealed class ContactModel
{
    /// <summary>Per-axis variance of the Hertz pressure profile p0 sqrt(1 - r^2/a^2), as a fraction of a^2.</summary>
    internal const float HertzVarianceFraction = 0.2f;

    private readonly ContactModelOptions _options;
    private readonly float _hertzFactor;
    private readonly float _thicknessSquared;

    /// <summary>Creates the model.</summary>
    public ContactModel(ContactModelOptions? options = null)
    {
        _options = options ?? new ContactModelOptions();
        _hertzFactor = 4f / 3f * _options.EffectiveModulusPascals;
        _thicknessSquared = _options.ElastomerThicknessMetres * _options.ElastomerThicknessMetres;
    }

    /// <summary>Options in use.</summary>
    public ContactModelOptions Options => _options;

    /// <summary>
    /// Normal load (newtons, pressing into the skin) one taxel takes from one contact, and the footprint's
    /// kernel width; zero when the object does not reach the taxel.
    /// </summary>
    public float NormalLoad(in ContactObject contact, Vector3 point, Vector3 normal, float areaSquareMetres)
    {
        if (!ContactProbe.Probe(contact, point, normal, out float depth, out float lateral, out float curvature))
            return 0f;
        depth = MathF.Min(depth, _options.MaxIndentationMetres);
        float radius = MathF.Min(curvature, _options.FlatEquivalentRadiusMetres);
        float sigmaSquared = HertzVarianceFraction * radius * depth + _thicknessSquared;
        float cutoff = _options.KernelCutoffSigmas;
        if (lateral * lateral > cutoff * cutoff * sigmaSquared)
            return 0f;
        float total = _hertzFactor * MathF.Sqrt(radius) * depth * MathF.Sqrt(depth);
        float share = areaSquareMetres / (2f * MathF.PI * sigmaSquared) * MathF.Exp(-0.5f * lateral * lateral / sigmaSquared);
        return total * share;
    }

    /// <summary>
    /// Shear load (newtons, on the skin, palm frame) that goes with <paramref name="normalLoad"/> at a taxel at
    /// <paramref name="point"/> of outward <paramref name="normal"/>: friction times load times tanh(drag / slip distance),
    /// where the drag is the contact's tangential drag plus its twist about the normal at the taxel's offset from the
    /// contact's centre (<see cref="ContactObject.ShearTwistRadians"/>).
    /// </summary>
    public Vector3 ShearLoad(in ContactObject contact, Vector3 point, Vector3 normal, float normalLoad)
    {
        Vector3 drag = contact.ShearDisplacementMetres;
        // n x (p - c) is already tangential and as long as the taxel's in-plane distance from the centre.
        if (contact.ShearTwistRadians != 0f)
            drag += contact.ShearTwistRadians * Vector3.Cross(normal, point - contact.Centre);
        Vector3 tangential = drag - Vector3.Dot(drag, normal) * normal;
        float length = tangential.Length();
        if (length <= 0f || normalLoad <= 0f)
            return Vector3.Zero;
        float magnitude = contact.FrictionCoefficient * normalLoad * MathF.Tanh(length / _options.SlipDistanceMetres);
        return tangential * (magnitude / length);
    }
}
