/* Material's inline script of partials/javascripts/base.html, as a file the Content-Security-Policy
   allows (script-src 'self'): the scope is the site's root, found from this file's own address
   (<root>/javascripts/scope.js) instead of the page's base_url. See overrides/partials/javascripts/base.html. */
__md_scope=new URL("..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
