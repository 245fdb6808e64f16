// replaced by the neural job sources
