#pragma once
// Which reader a channel needs: from its ContentType, or from the file names when none is given.
#include <string>
#include <vector>

#include "data/file_list.h"

namespace dpt::data {

enum class Format { csv, libsvm, idx, npy };  // npy covers .npy and .npz

// UserError for an unknown content type, or files whose names do not tell the format.
Format choose_format(const std::string& content_type, const std::vector<InputFile>& files);

const char* format_name(Format f);

}  // namespace dpt::data
