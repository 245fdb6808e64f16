#pragma once
// Scoring with a TorchScript network (`torch.jit.save` output, ours or a user's). Only built with
// LibTorch (DPT_WITH_TORCH).
#include <cstddef>
#include <filesystem>
#include <vector>

#include "data/dataset.h"

namespace dpt {

struct NetworkOutputs {
  std::vector<float> values;  // [rows x width], row-major
  std::size_t width = 0;      // outputs per row (0 when there were no rows)
};

// Rows go through the module in batches of `batch_size` as [batch, features] (tabular) or
// [batch, ...sample_shape] (images). UserError when the file is not TorchScript or the module
// refuses the input.
NetworkOutputs score_torchscript(const std::filesystem::path& model, data::Dataset rows,
                                 int batch_size, int nthread);

}  // namespace dpt
