"""Writes byol_reference.json: BYOL's loss and projector MLP computed by PyTorch on fixed inputs.

The C# tests (ByolReferenceTests) feed the same inputs and weights to ByolLoss and ByolMlp and compare.
Run with any Python that has torch (tested with Debian's python3-torch 1.13):

    python3 byol_reference.py            # rewrites byol_reference.json next to this script

The loss is written here from the BYOL paper (Grill et al. 2020, eq. 2): the normalised MSE
2 - 2 <p/|p|, z/|z|> between the online prediction of one view and the target projection of another, averaged
over samples and over every (target view t, online view s) pair with t != s.
"""
import json
import os

import torch
import torch.nn.functional as F


def byol_loss(predictions, targets):
    """predictions [Vs, B, D] (the first Vt views are the target's), targets [Vt, B, D]."""
    total, pairs = 0.0, 0
    for t in range(targets.shape[0]):
        for s in range(predictions.shape[0]):
            if s == t:
                continue
            p = F.normalize(predictions[s], dim=-1)
            z = F.normalize(targets[t], dim=-1)
            total = total + (2 - 2 * (p * z).sum(dim=-1)).mean()
            pairs += 1
    return total / pairs


def flat(tensor):
    return [round(float(v), 8) for v in tensor.detach().reshape(-1)]


def main():
    torch.manual_seed(19)
    predictions = torch.randn(3, 4, 5)  # 2 global + 1 local online views, batch 4, projection 5
    targets = torch.randn(2, 4, 5)
    loss = byol_loss(predictions, targets)
    symmetric = byol_loss(predictions[:2], targets)

    # The projector/predictor MLP in training mode: batch norm on the batch's statistics, running stats updated.
    mlp = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    with torch.no_grad():
        mlp[1].weight.uniform_(0.5, 1.5)
        mlp[1].bias.uniform_(-0.2, 0.2)
    features = torch.randn(5, 6)
    mlp.train()
    output = mlp(features)
    mlp.eval()
    output_eval = mlp(features)

    fixture = {
        "generator": "byol_reference.py",
        "torch": torch.__version__,
        "predictions": {"shape": list(predictions.shape), "values": flat(predictions)},
        "targets": {"shape": list(targets.shape), "values": flat(targets)},
        "loss": float(loss),
        "loss_two_views": float(symmetric),
        "mlp": {
            "fc1.weight": flat(mlp[0].weight), "fc1.bias": flat(mlp[0].bias),
            "norm.weight": flat(mlp[1].weight), "norm.bias": flat(mlp[1].bias),
            "fc2.weight": flat(mlp[3].weight), "fc2.bias": flat(mlp[3].bias),
            "input_dim": 6, "hidden_dim": 8, "output_dim": 3,
        },
        "features": {"shape": list(features.shape), "values": flat(features)},
        "output_train": flat(output),
        "running_mean": flat(mlp[1].running_mean),
        "running_var": flat(mlp[1].running_var),
        "output_eval": flat(output_eval),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "byol_reference.json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {path}: loss {float(loss):.6f}")


if __name__ == "__main__":
    main()
