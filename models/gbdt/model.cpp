#include "models/gbdt/model.h"
