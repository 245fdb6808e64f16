#include "common/params.h"
