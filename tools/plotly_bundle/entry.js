'use strict';
// Kontrollrum's plotly.js: the traces the app draws (bar, pie, scatter, sankey) and Swedish.
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/pie'),
    require('plotly.js/lib/sankey'),
    require('plotly.js/lib/locales/sv'),
]);
window.Plotly = Plotly;
