namespace Sparsh.Trainers.Pretraining;

/// <summary>What pretraining optimises.</summary>
public enum SparshPretrainingObjective
{
    /// <summary>Sparsh-skin: DINO + iBOT + KoLeo self-distillation with an EMA teacher on block-masked views.</summary>
    SelfDistillation,

    /// <summary>Baseline: masked autoencoder reconstructing the normalised flux of 75% hidden taxels.</summary>
    MaskedAutoencoder,

    /// <summary>Baseline: no pretraining, the randomly initialised encoder (for end-to-end training).</summary>
    None,

    /// <summary>Baseline: BYOL, an online encoder + projector + predictor regressing an EMA target's projection of another masked view.</summary>
    Byol,
}
