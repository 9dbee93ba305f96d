// SPDX-License-Identifier: MIT
// `dimscope bench slider`: drags an explorer's first log slider across its whole range at 60 steps
// a second, as a hand would, and measures how long the event loop is ever kept from running.
// A 1 ms precise timer records the largest gap between its ticks: that is the worst stall a user
// would feel. Figures, not a pass/fail test.
#include <algorithm>
#include <iostream>
#include <memory>
#include <vector>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSlider>
#include <QTimer>

#include "cli.h"
#include "common/explorer_view.h"
#include "common/param_form.h"
#include "view_registry.h"

namespace dimscope::cli {

int runBench(const Args &args) {
    if (!args.empty() && args[0] == "draw")
        return runBenchDraw(args);
    if (args.empty() || args[0] != "slider") {
        std::cerr << "dimscope bench: the GUI benchmarks are `dimscope bench slider [--explorer "
                     "NAME]` and `dimscope bench draw [--n N]`;\n"
                     "core benchmarks are in build/bench/dimscope-bench\n";
        return UsageError;
    }
    std::string name = "angles";
    for (std::size_t i = 1; i + 1 < args.size(); ++i)
        if (args[i] == "--explorer")
            name = args[i + 1];
    std::unique_ptr<views::ExplorerView> view(views::createView(name));
    if (!view) {
        std::cerr << "dimscope bench: unknown explorer '" << name << "'\n";
        return UsageError;
    }
    view->resize(1400, 850);
    view->show();
    auto *slider = view->form()->findChild<QSlider *>();
    if (!slider) {
        std::cerr << "dimscope bench: explorer '" << name << "' has no slider\n";
        return UsageError;
    }

    std::vector<double> gapsMs;
    QElapsedTimer clock;
    clock.start();
    qint64 lastTick = clock.nsecsElapsed();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        gapsMs.push_back((now - lastTick) * 1e-6);
        lastTick = now;
    });

    int position = slider->minimum();
    int steps = 0;
    QEventLoop loop;
    QTimer drag;
    drag.setInterval(16);
    QObject::connect(&drag, &QTimer::timeout, [&] {
        slider->setValue(position); // emits valueChanged exactly as a mouse drag does
        ++steps;
        position += std::max(1, (slider->maximum() - slider->minimum()) / 300);
        if (position > slider->maximum()) {
            drag.stop();
            QTimer::singleShot(500, &loop, &QEventLoop::quit); // let the last run finish drawing
        }
    });
    probe.start();
    drag.start();
    loop.exec();
    probe.stop();

    std::sort(gapsMs.begin(), gapsMs.end());
    const auto pct = [&](double p) {
        return gapsMs.empty() ? 0.0
                              : gapsMs[std::min(gapsMs.size() - 1, std::size_t(p * gapsMs.size()))];
    };
    std::cout << "explorer " << name << ": " << steps << " slider steps over "
              << clock.elapsed() / 1000.0 << " s\n"
              << "event-loop gap: median " << pct(0.5) << " ms, p99 " << pct(0.99) << " ms, max "
              << (gapsMs.empty() ? 0.0 : gapsMs.back()) << " ms (goal: max < 50 ms)\n"
              << "status at end: " << view->statusText().toStdString() << "\n";
    return Success;
}

} // namespace dimscope::cli
