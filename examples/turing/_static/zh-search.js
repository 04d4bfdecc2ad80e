/*
 * Sphinx 9.0's search data for Chinese (language_data.js) ends with
 * `window.Stemmer = ChineseStemmer`, a name it never defines: the stemmer it ships
 * for Chinese pages is EnglishStemmer (sphinx-doc/sphinx#14229, fixed upstream by
 * #14416). Until a release has the fix, this defines the name, so that the search
 * works and pages raise no script error. Loaded before language_data.js.
 */
var ChineseStemmer = function () {
  return new EnglishStemmer();
};
