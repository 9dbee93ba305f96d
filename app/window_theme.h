// SPDX-License-Identifier: MIT
#pragma once
// The widgets' side of a screen theme (the plots' side is views/common/screen_theme.h): Fusion
// with a dark palette for Dark, the platform's own style and palette otherwise; the application
// font times the zoom, and larger again for the projector.

#include "common/screen_theme.h"

namespace dimscope::app {

/// Sets `theme` for the plots and the widgets. The first call remembers the platform's style,
/// palette and font, which Light at zoom 1 restores.
void applyTheme(const views::ScreenTheme &theme);

} // namespace dimscope::app
