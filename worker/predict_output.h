#pragma once
// What `dptrain predict` writes: one line per input row, as text/csv or as
// application/jsonlines in the shape SageMaker's XGBoost container gives for selectable
// inference output, and the collective writer that puts every rank's lines in row order.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "collective/communicator.h"
#include "models/gbdt/model/model.h"
#include "worker/predict_options.h"

namespace dpt {

// `values` are predict()'s output for `rows` rows (row-major). csv: the value, the class, or
// the probabilities/margins separated by commas. jsonlines, per objective:
//   reg:*, count:poisson   {"predicted_score":v}
//   binary:logistic        {"predicted_label":l,"probability":p,"probabilities":[1-p,p]}
//   binary:logitraw        {"predicted_label":l,"raw_score":m}
//   multi:softmax          {"predicted_label":k}
//   multi:softprob         {"predicted_label":k,"probability":max,"probabilities":[...]}
//   --output-margin        {"raw_score":m} or {"raw_scores":[...]}
std::string format_tree_predictions(const gbdt::Model& model, std::span<const float> values,
                                    std::size_t rows, bool output_margin, PredictAccept accept);

// A network's outputs ([rows x width]). jsonlines: {"score":v} for one output, otherwise
// {"predicted_label":argmax,"scores":[...]}.
std::string format_network_outputs(std::span<const float> values, std::size_t rows,
                                   std::size_t width, PredictAccept accept);

// Collective. Every rank passes the text of its rows and the global id of its first row; rank 0
// writes the pieces ordered by that id to `out` (a temporary name, then renamed) or to stdout
// when `out` is empty. Pieces travel in bounded chunks, so rank 0 never holds all of them.
void write_in_row_order(Communicator& comm, const std::string& text, std::uint64_t first_row_id,
                        const std::filesystem::path& out);

}  // namespace dpt
