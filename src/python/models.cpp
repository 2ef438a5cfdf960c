// The built-in models and convergence studies from Python, through the `jumpflow` tool's model
// registry (src/tool/model_registry.hpp) and its study runner: a study from Python is the study
// of `jumpflow study` with the same configuration, so its numbers are the command's, bit for bit.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common.hpp"
#include "jumpflow/core/error.hpp"
#include "model_file_commands.hpp"
#include "model_registry.hpp"
#include "progress.hpp"
#include "sample_paths_output.hpp"
#include "study_config.hpp"
#include "study_runner.hpp"

namespace jumpflow::python {

namespace {

using nlohmann::json;

py::object to_python(const json& j) {
  return py::module_::import("json").attr("loads")(j.dump());
}

json from_python(const std::string& function, const std::string& what, const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw std::invalid_argument(error_message(function, what, text, std::string("valid JSON (") + e.what() + ")"));
  }
}

py::dict describe(const tool::model_entry& e) {
  py::list options;
  for (const auto& o : e.options) {
    py::dict d;
    d["name"] = o.name;
    d["help"] = o.help;
    d["default"] = to_python(o.default_value);
    d["choices"] = o.choices;
    options.append(d);
  }
  py::dict d;
  d["name"] = e.name;
  d["summary"] = e.summary;
  d["uses_d"] = e.uses_d;
  d["default_n"] = e.default_n;
  d["default_d"] = e.default_d;
  d["default_replicates"] = e.default_replicates;
  d["default_T"] = e.default_T;
  d["options"] = options;
  return d;
}

// The entry with every replicate checking the cancellation flag first, so Ctrl-C ends a study
// within one replicate.
tool::model_entry cancellable(const tool::model_entry& e, cancel_token& cancel) {
  tool::model_entry c = e;
  c.make_replicate = [make = e.make_replicate, &cancel](const json& o, double n, double d, double T) {
    tool::replicate_function f = make(o, n, d, T);
    return tool::replicate_function([f, &cancel](philox_engine& g, std::uint64_t r) {
      check_cancelled(cancel);
      return f(g, r);
    });
  };
  return c;
}

}  // namespace

std::string run_tool_study(const tool::model_entry& entry, const json& config, const std::string& out,
                           bool progress) {
  tool::study_config c = tool::default_config(entry);
  tool::apply_json(c, config, entry);
  tool::validate(c, entry);
  tool::run_options ro;
  ro.output = out;
  ro.quiet = !progress;
  ro.interactive = progress && tool::progress::stderr_is_terminal();
  // On a worker thread: the study's points run on threads of their own, and the waiting
  // thread keeps Ctrl-C prompt while none of them can poll it.
  return run_released(false, [&](cancel_token& cancel) {
    const tool::model_entry e = cancellable(entry, cancel);
    return tool::format_table(c, e, tool::run_study(c, e, ro));
  });
}

namespace {

std::string study_builtin(const std::string& model, const std::string& config, const std::string& out, bool progress) {
  return run_tool_study(tool::find_model(model), from_python("jumpflow.study", "config", config), out, progress);
}

std::string study_file(const std::string& path, const std::string& format, const std::string& config,
                       const std::string& out, bool progress) {
  json c = from_python("jumpflow.study_model_file", "config", config);
  c["options"]["model"] = path;
  c["options"]["format"] = format;
  return run_tool_study(tool::kurtz_entry(path), c, out, progress);
}

// Rows of equal length as a 2-D array (a short row padded with NaN).
py::array_t<double> rows_array(const std::vector<std::vector<double>>& rows) {
  const std::size_t cols = rows.empty() ? 0 : rows.front().size();
  py::array_t<double> a({static_cast<py::ssize_t>(rows.size()), static_cast<py::ssize_t>(cols)});
  double* p = a.mutable_data();
  for (const auto& r : rows) {
    for (std::size_t k = 0; k < cols; ++k) *p++ = k < r.size() ? r[k] : std::nan("");
  }
  return a;
}

// Sample paths of a built-in model and its limit: (columns, rows (replicate, t, x...), limit
// rows (t, x...)), as `jumpflow simulate <model>` writes them.
py::tuple sample_paths(const std::string& model, const std::string& options, double n, double d, double T,
                       std::uint64_t seed, std::uint64_t paths) {
  const char* f = "jumpflow.sample_paths";
  const tool::model_entry& e = tool::find_model(model);
  tool::study_config c = tool::default_config(e);
  tool::apply_json(c, json{{"options", from_python(f, "options", options)}}, e);
  require_argument(paths >= 1 && paths <= tool::max_paths, f, "paths", paths, "in [1, 1000]");
  // The tool's validation of the grid point, T and the options (types, choices, ranges).
  c.n = {n};
  c.d = e.uses_d ? std::vector<double>{d} : std::vector<double>{};
  c.T = T;
  tool::validate(c, e);
  // The tool's thinned paths (the first and last event of each time bucket), kept in memory.
  tool::path_recorder recorder(T);
  const tool::sample_paths s = run_released(true, [&](cancel_token&) {
    return e.simulate(c.options, n, e.uses_d ? d : 0.0, T, seed, paths, recorder);
  });
  return py::make_tuple(s.columns, rows_array(recorder.rows_in_memory()), rows_array(s.limit_rows));
}

// The limit of a built-in model at the given times: (columns, array coordinates x times).
py::tuple limit_at(const std::string& model, const std::string& options, double n, double d, double T,
                   const py::array_t<double, py::array::c_style | py::array::forcecast>& times) {
  const char* f = "jumpflow.limit";
  const tool::model_entry& e = tool::find_model(model);
  require_argument(static_cast<bool>(e.limit), f, "model", "'" + model + "'",
                   "a model whose limit is offered on a grid (not " + model + "; see sample_paths)");
  tool::study_config c = tool::default_config(e);
  tool::apply_json(c, json{{"options", from_python(f, "options", options)}}, e);
  c.n = {n};
  c.d = e.uses_d ? std::vector<double>{d} : std::vector<double>{};
  c.T = T;
  tool::validate(c, e);
  require_argument(times.ndim() == 1, f, "the dimension of times", times.ndim(), "1");
  std::vector<double> t(times.data(), times.data() + times.size());
  for (const double u : t) require_domain(u >= 0.0 && u <= T, f, "a time", u, "in [0, T] = [0, " + format_value(T) + "]");
  const tool::sample_paths s =
      run_released(true, [&](cancel_token&) { return e.limit(c.options, n, e.uses_d ? d : 0.0, T, t); });
  // Coordinates x times (the rows are t, x_t...).
  const std::size_t cols = s.columns.size();
  py::array_t<double> x({static_cast<py::ssize_t>(cols), static_cast<py::ssize_t>(t.size())});
  double* p = x.mutable_data();
  for (std::size_t k = 0; k < t.size(); ++k) {
    for (std::size_t j = 0; j < cols; ++j) p[j * t.size() + k] = s.limit_rows[k][j + 1];
  }
  return py::make_tuple(s.columns, x);
}

}  // namespace

void bind_models(py::module_& m) {
  m.def(
      "_models",
      [] {
        py::list l;
        for (const auto& e : tool::models()) l.append(describe(e));
        return l;
      },
      "Internal: the built-in models (name, summary, options with defaults and choices, default grid).");
  m.def("_study", &study_builtin, py::arg("model"), py::arg("config"), py::arg("out"), py::arg("progress"),
        "Internal: runs `jumpflow study <model>` with the JSON configuration into `out`; use jumpflow.study().");
  m.def("_study_model_file", &study_file, py::arg("path"), py::arg("format"), py::arg("config"), py::arg("out"),
        py::arg("progress"),
        "Internal: runs `jumpflow study kurtz --model <path>` into `out`; use jumpflow.study_model_file().");
  m.def("_sample_paths", &sample_paths, py::arg("model"), py::arg("options"), py::arg("n"), py::arg("d"),
        py::arg("T"), py::arg("seed"), py::arg("paths"),
        "Internal: (columns, path rows, limit rows) of a built-in model; use jumpflow.sample_paths().");
  m.def("_limit", &limit_at, py::arg("model"), py::arg("options"), py::arg("n"), py::arg("d"), py::arg("T"),
        py::arg("times"), "Internal: (columns, limit coordinates x times) of a built-in model; use jumpflow.limit().");
}

}  // namespace jumpflow::python
