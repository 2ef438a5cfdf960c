// The extension module jumpflow._core: exceptions, random streams, and the parts defined in
// networks.cpp and models.cpp. The package jumpflow (src/python/jumpflow/) re-exports it.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "jumpflow/core/error.hpp"
#include "jumpflow/random/exponential.hpp"
#include "jumpflow/random/normal.hpp"
#include "jumpflow/random/stream_layout.hpp"
#include "jumpflow/random/uniform01.hpp"
#include "model_registry.hpp"

namespace jumpflow::python {

namespace py = pybind11;

void bind_networks(py::module_& m);
void bind_models(py::module_& m);

namespace {

// A size argument of the draw functions: at most 2^27 values (1 GiB of doubles) per call.
py::ssize_t checked_size(const char* function, long long size) {
  require_argument(size >= 0 && size <= (1LL << 27), function, "size", size, "in [0, 2^27]");
  return static_cast<py::ssize_t>(size);
}

template <class Draw>
py::array_t<double> draw(philox_engine& g, py::ssize_t size, Draw&& one) {
  py::array_t<double> out(size);
  double* p = out.mutable_data();
  for (py::ssize_t i = 0; i < size; ++i) p[i] = one(g);
  return out;
}

void bind_streams(py::module_& m) {
  m.attr("STREAM_LAYOUT_LIMIT") = stream_layout_limit;
  m.attr("SAMPLE_PATH_POINT") = sample_path_point;
  py::class_<philox_engine>(m, "Engine", R"doc(
A Philox4x64-10 counter-based engine on one stream (jumpflow's philox_engine).

Get one from Streams.engine(point, replicate). Equal (seed, stream) give bitwise identical
draws, in Python and in C++.)doc")
      .def_property_readonly("seed", &philox_engine::seed, "The key of the cipher (the study's seed).")
      .def_property_readonly("stream", &philox_engine::stream, "The stream id (point * 2**32 + replicate).")
      .def_property_readonly("position", &philox_engine::position, "How many 64-bit words were drawn.")
      .def(
          "raw",
          [](philox_engine& g, long long size) {
            const auto n = checked_size("jumpflow.Engine.raw", size);
            py::array_t<std::uint64_t> out(n);
            auto* p = out.mutable_data();
            for (py::ssize_t i = 0; i < n; ++i) p[i] = g();
            return out;
          },
          py::arg("size"), "The next `size` 64-bit words of the stream, as a uint64 array.")
      .def(
          "uniform",
          [](philox_engine& g, long long size) {
            return draw(g, checked_size("jumpflow.Engine.uniform", size), [](philox_engine& e) { return uniform01(e); });
          },
          py::arg("size"), "`size` draws of U(0, 1) by jumpflow's documented transform (uniform01).")
      .def(
          "exponential",
          [](philox_engine& g, double rate, long long size) {
            require_domain(std::isfinite(rate) && rate > 0.0, "jumpflow.Engine.exponential", "rate", rate,
                           "finite and > 0");
            return draw(g, checked_size("jumpflow.Engine.exponential", size),
                        [rate](philox_engine& e) { return exponential(e, rate); });
          },
          py::arg("rate"), py::arg("size"), "`size` draws of Exp(rate) (mean 1/rate).")
      .def(
          "normal",
          [](philox_engine& g, long long size) {
            return draw(g, checked_size("jumpflow.Engine.normal", size),
                        [](philox_engine& e) { return standard_normal(e); });
          },
          py::arg("size"), "`size` draws of N(0, 1) (jumpflow's standard_normal).")
      .def("__repr__", [](const philox_engine& g) {
        return "jumpflow.Engine(seed=" + std::to_string(g.seed()) + ", stream=" + std::to_string(g.stream()) +
               ", position=" + std::to_string(g.position()) + ")";
      });

  struct streams {
    std::uint64_t seed;
  };
  py::class_<streams>(m, "Streams", R"doc(
The stream layout of jumpflow: the one map from (seed, grid point, replicate) to a random stream.

Replicate r of grid point k of anything seeded with `seed` draws from
Engine(seed, stream = k * 2**32 + r). Studies use k = the row of their table; ensembles and
simulate() of a network use k = 0; the few sample paths next to a study use
k = SAMPLE_PATH_POINT = 2**32 - 1. The same map serves the library, the `jumpflow` command, MPI
runs and this module, so a result depends only on the seed and the inputs.)doc")
      .def(py::init([](std::uint64_t seed) { return streams{seed}; }), py::arg("seed"),
           "Streams of the given seed (an unsigned 64-bit integer).")
      .def_property_readonly("seed", [](const streams& s) { return s.seed; }, "The seed.")
      .def_static(
          "stream_id",
          [](std::uint64_t point, std::uint64_t replicate) {
            require_argument(point < stream_layout_limit, "jumpflow.Streams.stream_id", "point", point, "< 2^32");
            require_argument(replicate < stream_layout_limit, "jumpflow.Streams.stream_id", "replicate", replicate,
                             "< 2^32");
            return study_stream_id(point, replicate);
          },
          py::arg("point"), py::arg("replicate"), "The stream id point * 2**32 + replicate.")
      .def(
          "engine",
          [](const streams& s, std::uint64_t point, std::uint64_t replicate) {
            require_argument(point < stream_layout_limit, "jumpflow.Streams.engine", "point", point, "< 2^32");
            require_argument(replicate < stream_layout_limit, "jumpflow.Streams.engine", "replicate", replicate,
                             "< 2^32");
            return study_stream(s.seed, point, replicate);
          },
          py::arg("point") = 0, py::arg("replicate") = 0,
          "A fresh engine for replicate `replicate` of grid point `point` (study_stream).")
      .def("__repr__", [](const streams& s) { return "jumpflow.Streams(" + std::to_string(s.seed) + ")"; });
}

}  // namespace

}  // namespace jumpflow::python

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  using namespace jumpflow::python;
  m.doc() = "jumpflow's C++ core (use the package `jumpflow`, which re-exports it).";
  // C++ errors keep their message: argument and domain errors (std::invalid_argument,
  // std::domain_error) are ValueError through pybind11's own translation; a model that returns
  // a bad rate mid-run raises SimulationError; the tool's usage errors are ValueError too.
  static py::exception<jumpflow::simulation_error> simulation_error(m, "SimulationError", PyExc_RuntimeError);
  simulation_error.doc() =
      "A simulation failed mid-run (e.g. a propensity returned a negative or NaN rate); the message "
      "names the channel, the value and the time.";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const jumpflow::simulation_error& e) {
      PyErr_SetString(simulation_error.ptr(), e.what());
    } catch (const jumpflow::tool::usage_error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
  bind_streams(m);
  bind_networks(m);
  bind_models(m);
}
