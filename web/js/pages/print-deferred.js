// print-deferred.js — the printed 《容缺受理通知书》 of a case (/print/deferred.html?no=…); see case-print.js.

import { render } from '../../gen/tpl/print-deferred.js';
import { startPrintPage } from '../case-print.js';

startPrintPage(render, '容缺受理通知书');
