// SPDX-License-Identifier: MIT
#include "common/stories.h"

#include <QFile>

namespace dimscope::views {

namespace {

const nlohmann::json &storiesFile() {
    static const nlohmann::json file = [] {
        QFile resource(QStringLiteral(":/stories/stories.json"));
        if (!resource.open(QIODevice::ReadOnly))
            return nlohmann::json::object();
        const nlohmann::json doc =
            nlohmann::json::parse(resource.readAll().toStdString(), nullptr, false);
        return doc.is_object() ? doc : nlohmann::json::object();
    }();
    return file;
}

} // namespace

std::vector<Story> storiesOf(const ExplorerInfo &explorer, std::string *problem) {
    std::vector<Story> stories;
    const nlohmann::json &file = storiesFile();
    if (!file.contains(explorer.name) || !file[explorer.name].is_array())
        return stories;
    for (const nlohmann::json &story : file[explorer.name]) {
        Story loaded;
        loaded.title = QString::fromStdString(story.value("title", std::string()));
        std::string bad;
        if (!story.contains("steps") || !story["steps"].is_array() || story["steps"].empty())
            bad = "no steps";
        for (std::size_t i = 0; bad.empty() && i < story["steps"].size(); ++i) {
            const nlohmann::json &step = story["steps"][i];
            StoryStep s{QString::fromStdString(step.value("caption", std::string())),
                        ParamSet(explorer.specs()), step.value("view", nlohmann::json::object())};
            if (s.caption.isEmpty())
                bad = "step " + std::to_string(i + 1) + " has no caption";
            else if (auto error = s.params.fromJson(step.value("params", nlohmann::json::object())))
                bad = "step " + std::to_string(i + 1) + ": " + *error;
            else if (!s.view.is_object())
                bad = "step " + std::to_string(i + 1) + ": \"view\" must be an object";
            else
                loaded.steps.push_back(std::move(s));
        }
        if (bad.empty() && loaded.title.isEmpty())
            bad = "a story without a title";
        if (!bad.empty()) {
            if (problem && problem->empty())
                *problem = explorer.name + ", story '" + loaded.title.toStdString() + "': " + bad;
            continue;
        }
        stories.push_back(std::move(loaded));
    }
    return stories;
}

std::vector<std::string> explorersWithStories() {
    std::vector<std::string> names;
    for (const auto &[name, stories] : storiesFile().items())
        names.push_back(name);
    return names;
}

} // namespace dimscope::views
