#pragma once
// survival:cox over all ranks (XGBoost 1.7's CoxRegression and cox-nloglik). A row's gradient
// depends on every row whose time is at least its own (its risk set), and XGBoost walks the rows
// sorted by |label| (a stable sort, so ties keep row order) with running double sums whose
// rounding depends on that order. To get XGBoost's numbers and the same bytes for any number of
// ranks, every rank holds the whole channel's labels and weights in global row order, sorted
// once (labels never change), and per round gathers the margins and walks the same order.
// Memory: about 16 bytes per global row on every rank.
#include <cstdint>
#include <span>
#include <vector>

#include "collective/communicator.h"
#include "data/dataset.h"

namespace dpt::gbdt {

class CoxRiskSet {
 public:
  // Gathers the channel's labels and weights. Collective.
  CoxRiskSet(Communicator& comm, const data::Dataset& rows);

  // Every rank's values (one per local row) in global row order. Collective.
  std::vector<float> gather(Communicator& comm, std::span<const float> local) const;

  // Gradients and hessians (weights applied) of this rank's rows from every row's margin
  // (global order), exactly as XGBoost's CoxRegression::GetGradient computes them.
  void gradients(std::span<const float> global_margins, std::span<float> grad,
                 std::span<float> hess) const;

  // cox-nloglik from every row's margin (global order): XGBoost's EvalCox on the transformed
  // predictions exp(margin), unweighted, divided by the number of events (label > 0).
  double nloglik(std::span<const float> global_margins) const;

 private:
  std::vector<float> labels_, weights_;  // global row order; weights_ empty = all 1
  std::vector<std::uint64_t> order_;     // rows by |label| ascending, ties by row id
  std::vector<std::size_t> counts_;      // rows per rank (gather layout)
  std::uint64_t first_ = 0;              // this rank's first position in the global order
  std::size_t local_ = 0;                // this rank's rows
  bool replicated_ = false;              // every rank already holds every row
};

}  // namespace dpt::gbdt
