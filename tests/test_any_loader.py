"""Every unlearning method runs on any loader of (inputs, targets) batches: here a plain `TensorDataset` of your own,
the pattern of the README's second example, with a network of the library."""
import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from unlearnbook.models import create_model
from unlearnbook.unlearn import METHODS, default_hparams, unlearn


@pytest.mark.parametrize("method", list(METHODS))
def test_method_on_tensor_dataset_loaders(method):
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(96, 1, 8, 8, generator=g), torch.randint(0, 10, (96,), generator=g)
    forget = DataLoader(TensorDataset(x[:16], y[:16]), batch_size=8)
    retain = DataLoader(TensorDataset(x[16:], y[16:]), batch_size=16, shuffle=True)
    model = create_model("cnn", 10, seed=0)
    mask = {n: torch.rand(p.shape, generator=g) < 0.3 for n, p in model.named_parameters()} if method == "del" else None
    short = {k: v for k, v in {"epochs": 1, "n_fisher": 8}.items() if k in default_hparams(method)}
    out = unlearn(method, model, forget=forget, retain=retain, mask=mask, seed=1, device="cpu", progress=False, **short)
    assert out.method == method and out.model is not model
    assert all(torch.isfinite(p).all() for p in out.model.parameters())
