// SPDX-License-Identifier: MIT
#pragma once
// The layout of a flat parameter vector: which named tensors it holds, where each begins and its
// shape. Training keeps every parameter of a model in one contiguous float array, so that the
// optimizers update it with whole-vector (vectorised) expressions; the layout tells the ones that
// work per tensor (EGDD's scale) or per neuron (normalised EG±) where the tensors are.
//
// A tensor is stored column-major, rows × cols. For a weight, rows are the neurons (outputs) and
// cols the inputs, as in PyTorch's nn.Linear; a bias has cols = 1 and names its weight. A linear
// model's weight vector is one neuron: 1 × d.

#include <string>
#include <vector>

#include <Eigen/Core>

namespace dimscope {

/// One named tensor inside a flat parameter vector.
struct TensorBlock {
    std::string name;        ///< "W1", "b1", "w", "theta": labels in plots and JSON keys
    Eigen::Index offset = 0; ///< index of its first entry in the flat vector
    Eigen::Index rows = 0;   ///< neurons (outputs) for a weight, entries for a bias
    Eigen::Index cols = 0;   ///< inputs for a weight, 1 for a bias
    /// For a weight: the index (in ParamLayout::tensors) of the bias of the same neurons, or −1.
    /// Per-neuron groups (normalised EG±) hold a weight's row and that bias's entry.
    int bias = -1;
    bool isBias = false; ///< a bias; its neurons belong to the weight that names it

    Eigen::Index size() const { return rows * cols; }
};

struct ParamLayout {
    std::vector<TensorBlock> tensors; ///< in the order of the flat vector, without gaps

    /// Entries of the flat vector.
    Eigen::Index size() const {
        return tensors.empty() ? 0 : tensors.back().offset + tensors.back().size();
    }
    /// Appends a tensor after the last one; returns its index.
    int add(std::string name, Eigen::Index rows, Eigen::Index cols, bool isBias = false) {
        TensorBlock t;
        t.name = std::move(name);
        t.offset = size();
        t.rows = rows;
        t.cols = cols;
        t.isBias = isBias;
        tensors.push_back(std::move(t));
        return static_cast<int>(tensors.size()) - 1;
    }
    /// "W2[3,17]" for entry `index` of the flat vector (0-based row and column), "w[5]" for a
    /// single-row or single-column tensor.
    std::string label(Eigen::Index index) const {
        for (const TensorBlock &t : tensors) {
            if (index < t.offset || index >= t.offset + t.size())
                continue;
            const Eigen::Index local = index - t.offset;
            if (t.rows == 1 || t.cols == 1)
                return t.name + "[" + std::to_string(local) + "]";
            return t.name + "[" + std::to_string(local % t.rows) + "," +
                   std::to_string(local / t.rows) + "]";
        }
        return "?";
    }
};

} // namespace dimscope
