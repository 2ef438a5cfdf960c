# cmake -DSOURCE=<MathJax 2 folder> -DDEST=<html>/mathjax -P copy_mathjax.cmake
# Copies the parts of MathJax 2 that the docs load: the core, the tex2jax preprocessor, the TeX
# input with the AMS extensions, the SVG output with the TeX font data (no web fonts needed),
# and the math menu and zoom (loaded on a right click), with the English strings.
foreach(f MathJax.js extensions/tex2jax.js extensions/MathEvents.js extensions/MathMenu.js
    extensions/MathZoom.js extensions/HelpDialog.js)
  get_filename_component(dir ${DEST}/${f} DIRECTORY)
  file(COPY ${SOURCE}/${f} DESTINATION ${dir})
endforeach()
foreach(d extensions/TeX jax/input/TeX jax/element localization/en)
  get_filename_component(dir ${DEST}/${d} DIRECTORY)
  file(COPY ${SOURCE}/${d} DESTINATION ${dir})
endforeach()
file(COPY ${SOURCE}/jax/output/SVG/jax.js ${SOURCE}/jax/output/SVG/config.js
  ${SOURCE}/jax/output/SVG/autoload DESTINATION ${DEST}/jax/output/SVG)
file(COPY ${SOURCE}/jax/output/SVG/fonts/TeX DESTINATION ${DEST}/jax/output/SVG/fonts)
