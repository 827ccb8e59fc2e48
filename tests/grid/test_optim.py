"""SparseSignSGD: only the rows in the batch move, by lr·sign(summed gradient), after decay."""

import torch

from solvers.grid.optim import SparseSignSGD


def test_sign_update_touches_only_batch_rows():
    embedding = torch.nn.Embedding(4, 3, sparse=True)
    with torch.no_grad():
        embedding.weight.fill_(1.0)
    optimizer = SparseSignSGD(embedding.parameters(), lr=0.1, weight_decay=0.5)
    ids = torch.tensor([1, 1, 3])
    (embedding(ids) * torch.tensor([[1.0, -1.0, 2.0], [1.0, -3.0, -4.0], [-1.0, 1.0, 0.0]])).sum().backward()
    optimizer.step()
    weight = embedding.weight.detach()
    decayed = 1.0 * (1 - 0.1 * 0.5)
    assert torch.allclose(weight[1], torch.tensor([decayed - 0.1, decayed + 0.1, decayed + 0.1]))
    assert torch.allclose(weight[3], torch.tensor([decayed + 0.1, decayed - 0.1, decayed]))
    assert torch.equal(weight[0], torch.ones(3)) and torch.equal(weight[2], torch.ones(3))


def test_dense_gradients_work_too():
    param = torch.nn.Parameter(torch.zeros(2, 2))
    optimizer = SparseSignSGD([param], lr=0.5, weight_decay=0.0)
    param.grad = torch.tensor([[0.0, 0.0], [2.0, -1.0]])
    optimizer.step()
    assert param.detach().tolist() == [[0.0, 0.0], [-0.5, 0.5]]
