#pragma once
// `nslab [LAB]` and `nslab --screenshot OUT.png [--size WxH] [--dark] [LAB]` (renders the window
// offscreen with the lab loaded, writes the PNG and exits 0).
namespace nslab::gui {

int runApplication(int argc, char *argv[]);

// Sets the Fusion style with a dark palette (used by --dark, and by tests of dark mode).
void applyDarkPalette();

} // namespace nslab::gui
